import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime } from '@/lib/core/format';
import { listCreditHistory } from '@/lib/credits/list-credit-history';
import { selfActor } from '@/lib/core/actor';
import { getRequestContext } from '@/lib/http/request-context';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { readMemberTwoFactor } from '@/lib/organisations/read-member-two-factor';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { CancelInvitationForm, InviteMemberForm, MemberChangeForm } from './forms';
import { CreditHistoryTable } from './history/credit-history-table';
import { loadOrganisation } from './load-organisation';
import { MemberTwoFactor, WaitingResets } from './member-two-factor';
import { OrgNav } from './org-nav';

export const metadata: Metadata = { title: 'Family or business account' };

export default async function OrganisationPage() {
  const { current, home } = await loadOrganisation({ administrators: false });
  const { organisation } = home;
  const kindWord = organisationKindWord(organisation.kind);
  if (!home.isAdministrator) {
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
  const [history, twoFactor] = await Promise.all([
    listCreditHistory({ actor, organisationId: organisation.id, take: 10 }),
    readMemberTwoFactor({ actor, organisationId: organisation.id }),
  ]);
  const needsCode = !hasRecentSecondFactor(current.session);
  return (
    <div className="space-y-6">
      <OrgNav home={home} current="home" />
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">{organisation.name}</h1>
        <p className="text-slate-600">{kindWord} account</p>
      </div>

      <section aria-labelledby="credits-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="credits-heading" className="text-lg font-semibold">
          SMS credits
        </h2>
        <p>
          Balance: <strong data-testid="credit-balance">{organisation.creditBalance.toLocaleString('en')}</strong> credits
        </p>
        {organisation.allowSmsLogins ? (
          home.buying ? (
            <Link href="/org/credits" className="inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
              Buy SMS Credits
            </Link>
          ) : (
            <p className="text-sm text-slate-600">Buying credits is not available on this service.</p>
          )
        ) : (
          <p className="text-sm text-slate-700">
            SMS two-factor logins are off, so members get no codes by text or call and there is nothing to buy. Turn them on in{' '}
            <Link href="/org/preferences" className="text-blue-700 underline">
              {kindWord} Preferences
            </Link>
            .
          </p>
        )}
        <CreditHistoryTable rows={history} />
        <p className="flex gap-4 text-sm">
          <Link href="/org/history" className="text-blue-700 underline">
            Full history
          </Link>
          <a href="/org/history.csv" className="text-blue-700 underline" download>
            Download CSV
          </a>
        </p>
      </section>

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
                  {member.role === 'ADMINISTRATOR' ? 'Administrator' : 'Member'} · two-factor authentication {member.isMfaEnabled ? 'on' : 'off'}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                {member.role === 'MEMBER' ? (
                  <MemberChangeForm organisationId={organisation.id} userId={member.userId} change="make-administrator" label={`Make ${member.email} an administrator`} />
                ) : (
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
                      Invited {formatDateTime(invitation.createdAt)} UTC as {invitation.role === 'ADMINISTRATOR' ? 'an administrator' : 'a member'} ·
                      open until {formatDateTime(invitation.expiresAt)} UTC
                    </p>
                  </div>
                  <CancelInvitationForm organisationId={organisation.id} invitationId={invitation.id} email={invitation.email} />
                </li>
              ))}
            </ul>
          </div>
        )}
        <InviteMemberForm organisationId={organisation.id} />
      </section>
    </div>
  );
}
