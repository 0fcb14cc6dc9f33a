import { formatDate } from '@/lib/core/format';
import type { OwnInvitation } from '@/lib/organisations/list-own-invitations';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { AnswerInvitationForm } from './answer-invitation-form';

/** The open invitations of the signed-in mailbox, each with Accept and Decline (the security page and the link's page). */
export function InvitationNotice({ invitations, isRestricted }: { invitations: OwnInvitation[]; isRestricted: boolean }) {
  if (invitations.length === 0) return null;
  return (
    <section aria-labelledby="invitations-heading" className="space-y-3 rounded-md border border-blue-300 bg-blue-50 p-4 text-sm">
      <h2 id="invitations-heading" className="text-base font-semibold">
        {invitations.length === 1 ? 'An invitation' : 'Invitations'} to a family or business account
      </h2>
      <p>
        Nothing changes for your mailbox unless you accept. If you do, the account&apos;s administrators see whether your two-factor
        authentication is on (never your phones or codes) and decide whether your sign-in codes may come by text or call, paid from its
        SMS credits. You can leave at any time.
      </p>
      <ul className="space-y-3">
        {invitations.map((invitation) => {
          const label = `${organisationKindWord(invitation.organisation.kind)} account "${invitation.organisation.name}"`;
          return (
            <li key={invitation.id} className="space-y-2">
              <p>
                <strong>{label}</strong> invites you as {invitation.role === 'ADMINISTRATOR' ? 'an administrator' : 'a member'} (until{' '}
                {formatDate(invitation.expiresAt)}).
              </p>
              {/* The verbs refuse a restricted login anyway; the page says so rather than offer buttons that fail. */}
              {isRestricted ? (
                <p>Sign in with your password and a second factor to answer it.</p>
              ) : (
                <AnswerInvitationForm invitationId={invitation.id} name={invitation.organisation.name} />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
