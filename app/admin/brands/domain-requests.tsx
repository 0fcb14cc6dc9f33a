import type { Actor } from '@/lib/core/actor';
import { refusalOf } from '@/lib/core/authorize';
import { listDomainRequests } from '@/lib/brands/list-domain-requests';
import { formatDateTime } from '@/lib/core/format';
import { DomainRequestForm } from './domain-request-form';

/**
 * The platform administrator's approvals: brands' requests for domains whose mailboxes already
 * exist. Shown only to whoever may answer them; approving moves the mailboxes into the brand.
 */
export async function DomainRequests({ actor, needsCode }: { actor: Actor; needsCode: boolean }) {
  if (refusalOf(actor, 'brand_domain_request.answer', 'platform')) return null;
  const requests = await listDomainRequests({ actor });
  return (
    <section aria-labelledby="domain-requests-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="domain-requests-heading" className="text-lg font-semibold">
        Domain requests
      </h2>
      <p className="text-sm text-slate-600">
        A brand asks for a mail domain whose mailboxes already exist. Approving gives the brand the domain and moves its mailboxes
        into it: they take the brand&apos;s two-factor rules, a new enrolment period from their next sign-in where the brand requires
        two-factor authentication, and each is told by e-mail.
      </p>
      {requests.length === 0 ? (
        <p>No request is waiting.</p>
      ) : (
        <ul aria-label="Waiting domain requests" className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {requests.map((request) => (
            <li key={request.id} className="space-y-2 p-3">
              <p>
                <span className="font-medium">{request.domain}</span> for {request.brand.name} ({request.brand.slug}):{' '}
                {request.mailboxes} {request.mailboxes === 1 ? 'mailbox' : 'mailboxes'} would move.
              </p>
              <p className="text-sm text-slate-600">
                Asked {formatDateTime(request.createdAt)}
                {request.requestedBy ? ` by ${request.requestedBy}` : ''}
              </p>
              <DomainRequestForm requestId={request.id} domain={request.domain} needsCode={needsCode} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
