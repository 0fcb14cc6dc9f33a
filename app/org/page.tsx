import type { Metadata } from 'next';
import Link from 'next/link';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { formatDateTime } from '@/lib/core/format';
import { listCreditHistory } from '@/lib/credits/list-credit-history';
import { selfActor } from '@/lib/core/actor';
import { getRequestContext } from '@/lib/http/request-context';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { organisationRoleWithArticle, organisationRoleWord } from '@/lib/organisations/organisation-roles';
import { readMemberTwoFactor } from '@/lib/organisations/read-member-two-factor';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { CreditsSection } from './credits-section';
import { CancelInvitationForm, InviteMemberForm, MemberChangeForm } from './forms';
import { loadOrganisation } from './load-organisation';
import { MemberTwoFactor, WaitingResets } from './member-two-factor';
import { OrgNav } from './org-nav';

export const metadata: Metadata = { title: 'Family or business account' };

export default async function OrganisationPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const { current, home } = await loadOrganisation({ administrators: false });
  const { notice } = await searchParams;
  const { organisation } = home;
  const kindWord = organisationKindWord(organisation.kind);
  if (!home.mayViewCredits) {
    // A member sees the account it belongs to and only its own texts and calls.
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{organisation.name}</h1>
        <p className="text-slate-700">
          Your mailbox is a member of this {kindWord.toLowerCase()} account. Its administrators manage it; they see whether your
          two-factor authentication is on, never your phones or codes.
        </p>
        <section aria-labelledby="texts-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="texts-heading" className="text-lg font-semibold">
            Your texts and calls
          </h2>
          <p className="text-sm text-slate-700">
            {organisation.allowSmsLogins ? 'Sign-in codes sent to your phone are paid from the account\u2019s SMS credits.' : 'This account does not allow SMS two-factor logins.'}
          </p>
          {home.ownTexts.length === 0 ? (
            <p className="text-sm text-slate-600">None yet.</p>
          ) : (
            <ul className="divide-y divide-slate-200 text-sm">
              {home.ownTexts.map((row) => (
                <li key={row.id} className="py-2">
                  {formatDateTime(row.createdAt)} UTC: {row.kind === 'REFUND' ? 'refunded (not delivered)' : row.channel === 'VOICE' ? 'call' : 'text'}, {row.credits} credits
                </li>
              ))}
            </ul>
          )}
        </section>
        <MemberChangeForm organisationId={organisation.id} userId={current.user.id} change="remove" label={`Leave ${organisation.name}`} />
      </div>
    );
  }

  const actor = selfActor(current, await getRequestContext());
  const history = await listCreditHistory({ actor, organisationId: organisation.id, take: 10 });
  const heading = (
    <>
      <OrgNav home={home} current="home" />
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">{organisation.name}</h1>
        <p className="text-slate-600">
          {kindWord} account{home.isAdministrator ? '' : ' · you are a billing contact'}
        </p>
      </div>
      {notice === 'created' && home.isAdministrator && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Created. You are its administrator: invite members below; each joins when it accepts.
        </p>
      )}
    </>
  );
  if (home.needsTwoFactor) {
    // An administrator or billing contact whose own second factor went (or that the console
    // appointed before it had one): every change is refused until it enrols, so no forms.
    return (
      <div className="space-y-6">
        {heading}
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {APP_ERRORS.TRUSTED_ROLE_NEEDS_TWO_FACTOR.message}{' '}
          <Link href="/settings/security" className="text-blue-700 underline">
            Go to Account Security
          </Link>
        </p>
        <MemberChangeForm organisationId={organisation.id} userId={current.user.id} change="remove" label={`Leave ${organisation.name}`} />
      </div>
    );
  }
  if (!home.isAdministrator) {
    // The billing contact: the balance, buying and the history, nothing about the members.
    return (
      <div className="space-y-6">
        {heading}
        <CreditsSection home={home} history={history} />
        <MemberChangeForm organisationId={organisation.id} userId={current.user.id} change="remove" label={`Leave ${organisation.name}`} />
      </div>
    );
  }
  // Making someone an administrator or billing contact, or inviting one, asks for a current code
  // when the session's last second factor is not recent; the forms show the field when it is asked.
  const needsCode = current.user.isMfaEnabled && !hasRecentSecondFactor(current.session);
  // Members' 2FA states and waiting resets: the administrators' part of the page only (it asks
  // organisation.manage, which a billing contact does not hold).
  const twoFactor = await readMemberTwoFactor({ actor, organisationId: organisation.id });
  const isBusiness = organisation.kind === 'BUSINESS';
  return (
    <div className="space-y-6">
      {heading}

      <CreditsSection home={home} history={history} />

      <section aria-labelledby="members-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        <ul className="divide-y divide-slate-200" aria-label="Members">
          {home.members.map((member) => (
            <li key={member.userId} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div>
                <p className="font-medium">{member.email}</p>
                <p className="text-sm text-slate-600">
                  {organisationRoleWord(member.role)} · two-factor authentication {member.isMfaEnabled ? 'on' : 'off'}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                {member.role !== 'ADMINISTRATOR' && (
                  <MemberChangeForm organisationId={organisation.id} userId={member.userId} change="make-administrator" label={`Make ${member.email} an administrator`} />
                )}
                {isBusiness && member.role === 'MEMBER' && (
                  <MemberChangeForm organisationId={organisation.id} userId={member.userId} change="make-billing" label={`Make ${member.email} a billing contact`} />
                )}
                {member.role !== 'MEMBER' && (
                  <MemberChangeForm organisationId={organisation.id} userId={member.userId} change="make-member" label={`Make ${member.email} a member`} />
                )}
                <MemberChangeForm
                  organisationId={organisation.id}
                  userId={member.userId}
                  change="remove"
                  label={member.userId === current.user.id ? 'Leave' : `Remove ${member.email}`}
                />
              </div>
              <MemberTwoFactor organisationId={organisation.id} member={member} twoFactor={twoFactor} isSelf={member.userId === current.user.id} needsCode={needsCode} />
            </li>
          ))}
        </ul>
        <WaitingResets organisationId={organisation.id} twoFactor={twoFactor} needsCode={needsCode} />
        {home.invitations.length > 0 && (
          <div className="space-y-2">
            <h3 className="font-medium">Invited</h3>
            <p className="text-sm text-slate-600">
              As you typed them. An address joins the members above once its mailbox accepts; until then nothing about it is shown here.
            </p>
            <ul className="divide-y divide-slate-200" aria-label="Invitations">
              {home.invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                  <div>
                    <p className="font-medium">{invitation.email}</p>
                    <p className="text-sm text-slate-600">
                      Invited {formatDateTime(invitation.createdAt)} UTC as {organisationRoleWithArticle(invitation.role)} ·
                      open until {formatDateTime(invitation.expiresAt)} UTC
                    </p>
                  </div>
                  <CancelInvitationForm organisationId={organisation.id} invitationId={invitation.id} email={invitation.email} />
                </li>
              ))}
            </ul>
          </div>
        )}
        <InviteMemberForm organisationId={organisation.id} isBusiness={isBusiness} needsCode={needsCode} />
      </section>
    </div>
  );
}
