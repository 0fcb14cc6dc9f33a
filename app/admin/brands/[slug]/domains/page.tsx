import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { refusalOf } from '@/lib/core/authorize';
import { mayManageBrands } from '@/lib/access/may-manage-brands';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { findBrand } from '@/lib/brands/find-brand';
import { readBrandDomains } from '@/lib/brands/read-brand-domains';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { formatDateTime } from '@/lib/core/format';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { DomainChangeForm } from './domain-forms';

export const metadata: Metadata = { title: 'Domains' };

const STATUS_WORDS = { PENDING: 'Waiting for a platform administrator', APPROVED: 'Approved', REFUSED: 'Refused', CANCELLED: 'Cancelled' } as const;

export default async function BrandDomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const current = await requireSessionOrRedirect();
  if (!mayManageBrands(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Domains" />;
  const brand = await findBrand((await params).slug).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'BRAND_NOT_FOUND') notFound();
    throw error;
  });
  const actor = staffActor(current, await getRequestContext());
  // Another brand's domains do not exist for this person: the same answer as an unknown brand.
  if (refusalOf(actor, 'brand_domains.change', { brandId: brand.id })) notFound();
  const { domains, hosts, requests } = await readBrandDomains({ actor, brandId: brand.id });
  const needsCode = !hasRecentSecondFactor(current.session);
  const waiting = requests.filter((request) => request.status === 'PENDING');
  const answered = requests.filter((request) => request.status !== 'PENDING');
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href={`/admin/brands/${brand.slug}`} className="text-sm text-blue-700 underline">
          {brand.name} settings
        </Link>
        <h1 className="text-2xl font-semibold">Domains of {brand.name}</h1>
        <p className="text-slate-600">
          A mailbox belongs to the brand that owns its mail domain, and takes that brand&apos;s two-factor rules. A domain no brand owns
          and no mailbox uses is added at once. A domain whose mailboxes already exist needs a platform administrator&apos;s approval;
          its mailboxes then move into this brand and are told by e-mail. A domain with mailboxes cannot be removed.
        </p>
      </div>

      <section aria-labelledby="domains-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="domains-heading" className="text-lg font-semibold">
          Mail domains
        </h2>
        {domains.length === 0 ? (
          <p>The brand owns no mail domain yet.</p>
        ) : (
          <ul aria-label="Mail domains" className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {domains.map(({ domain, mailboxes }) => (
              <li key={domain} className="flex flex-wrap items-start justify-between gap-3 p-3">
                <div>
                  <p className="font-medium">{domain}</p>
                  <p className="text-sm text-slate-600">
                    {mailboxes} {mailboxes === 1 ? 'mailbox' : 'mailboxes'}
                  </p>
                </div>
                {mailboxes === 0 && (
                  <DomainChangeForm slug={brand.slug} intent="remove-domain" value={domain} label={`Remove ${domain}`} needsCode={needsCode} idPrefix={`remove-domain-${domain}`} />
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 className="font-semibold">Add a mail domain</h3>
        <DomainChangeForm slug={brand.slug} intent="add-domain" label="Add domain" needsCode={needsCode} idPrefix="add-domain" />
      </section>

      <section aria-labelledby="requests-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="requests-heading" className="text-lg font-semibold">
          Domain requests
        </h2>
        {waiting.length === 0 ? (
          <p>No request is waiting.</p>
        ) : (
          <ul aria-label="Waiting requests" className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {waiting.map((request) => (
              <li key={request.id} className="flex flex-wrap items-start justify-between gap-3 p-3">
                <div>
                  <p className="font-medium">{request.domain}</p>
                  <p className="text-sm text-slate-600">
                    {STATUS_WORDS.PENDING}, asked {formatDateTime(request.createdAt)}
                  </p>
                </div>
                <DomainChangeForm slug={brand.slug} intent="cancel-request" value={request.id} label={`Cancel the request for ${request.domain}`} needsCode={false} idPrefix={`cancel-${request.id}`} />
              </li>
            ))}
          </ul>
        )}
        {answered.length > 0 && (
          <>
            <h3 className="font-semibold">Answered</h3>
            <ul aria-label="Answered requests" className="space-y-1 text-sm text-slate-700">
              {answered.map((request) => (
                <li key={request.id}>
                  {request.domain}: {STATUS_WORDS[request.status]}
                  {request.status === 'APPROVED' && request.movedMailboxes !== null
                    ? `, ${request.movedMailboxes} ${request.movedMailboxes === 1 ? 'mailbox' : 'mailboxes'} moved in`
                    : ''}
                  {request.answeredAt ? ` (${formatDateTime(request.answeredAt)})` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="hosts-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="hosts-heading" className="text-lg font-semibold">
          Host names
        </h2>
        <p className="text-sm text-slate-600">
          Where the brand&apos;s users reach the sign-in page, which then wears the brand&apos;s look. Point the name at this service
          first. A host name decides only the look; a mailbox&apos;s rules always come from its own brand.
        </p>
        {hosts.length === 0 ? (
          <p>The brand has no host name yet.</p>
        ) : (
          <ul aria-label="Host names" className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {hosts.map((host) => (
              <li key={host} className="flex flex-wrap items-start justify-between gap-3 p-3">
                <p className="font-medium">{host}</p>
                <DomainChangeForm slug={brand.slug} intent="remove-host" value={host} label={`Remove ${host}`} needsCode={needsCode} idPrefix={`remove-host-${host}`} />
              </li>
            ))}
          </ul>
        )}
        <h3 className="font-semibold">Add a host name</h3>
        <DomainChangeForm slug={brand.slug} intent="add-host" label="Add host name" needsCode={needsCode} idPrefix="add-host" />
      </section>
    </div>
  );
}
