import type { Metadata } from 'next';
import Link from 'next/link';
import { poolRefusal } from '@/lib/credits/pool-refusal';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { readMembership } from '@/lib/organisations/find-organisation';
import { listOwnInvitations } from '@/lib/organisations/list-own-invitations';
import { organisationRoleWord } from '@/lib/organisations/organisation-roles';
import { InvitationNotice } from '@/app/org/invitation/invitation-notice';
import { readPageBrand } from '@/lib/brands/read-page-brand';
import { listRecentAuditEvents } from '@/lib/audit/list-recent-audit-events';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { listActiveSessions } from '@/lib/sessions/list-active-sessions';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { BACKUP_CODES_PER_SET } from '@/lib/core/factor-kinds/codes/backup-code-format';
import { lookUp } from '@/lib/http/look-up';
import { SENT_CODE_METHODS, type SentCodeMethod } from '@/lib/core/factor-kinds';
import { readAccountSecurity } from '@/lib/mfa/read-account-security';
import { readPasswordUserInputs } from '@/lib/passwords/read-password-user-inputs';
import { mayTurnOffTwoFactor } from '@/lib/policy/may-turn-off-two-factor';
import { isSelfService } from '@/lib/policy/policy-settings';
import { RecoverySupport } from '@/app/sign-in/forgot/recovery-support';
import { listRememberedLocations } from '@/lib/locations/list-remembered-locations';
import { ActivityList, LocationList, SessionList, utcDateFormat } from '@/components/security-lists';
import { listAppPasswords } from '@/lib/app-passwords/list-app-passwords';
import { MAIL_PROTOCOL_NAMES } from '@/lib/mail-auth/mail-protocol';
import { readAccountPasswordRefusal } from '@/lib/mail-auth/read-account-password-refusal';
import { AppPasswordsSection } from './app-passwords-section';
import { OrganisationSection } from './organisation-section';
import { PasswordSection } from './password-section';
import { CreditsSection } from './credits-section';
import { TwoFactorGuide } from './two-factor-guide';
import {
  ChallengePolicyForm,
  DisableTotpForm,
  EnableTotpForm,
  ForgetLocationForm,
  RemoveFactorForm,
  SetMobilePhoneForm,
  ShowCodesForm,
  SignOutEverywhereForm,
  SignOutOtherSessionsForm,
  OtherSessionsOffer,
} from './forms';

export const metadata: Metadata = { title: 'Account Security' };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const { session, user } = await requireSessionOrRedirect();
  const isStaff = user.roles.length > 0;
  const [security, sessions, events, { notice }, locations, passwordWords, brand] = await Promise.all([
    readAccountSecurity({ userId: user.id, isStaff }),
    listActiveSessions({ userId: user.id }),
    listRecentAuditEvents({ userId: user.id }),
    searchParams,
    listRememberedLocations({ userId: user.id }),
    readPasswordUserInputs({ userId: user.id }),
    // The brand whose support the page names: the account's own (the layout reads it too, cached).
    readPageBrand({ userId: user.id, host: null }),
  ]);
  const { settings: policy, unusedBackupCodes: unusedCodes } = security;
  const phones = security.factors.flatMap((factor) =>
    factor.removal && 'phoneId' in factor.removal
      ? [{ id: factor.removal.phoneId, masked: factor.maskedDestination ?? '', isMobileForSms: factor.isMobileForSms === true }]
      : [],
  );
  const alternateEmail = security.factors.find((factor) => factor.removal && 'alternateEmail' in factor.removal) ?? null;
  const [membership, invitations] = await Promise.all([readMembership(user.id), listOwnInvitations({ userId: user.id })]);
  // The question the prompt and the debit ask (poolRefusal), for a text: the cheapest code.
  const poolAnswer = membership ? poolRefusal(membership.organisation, 'SMS') : null;
  const organisationSms =
    poolAnswer === 'not-allowed' ? APP_ERRORS.SMS_LOGINS_NOT_ALLOWED.message : poolAnswer === 'empty' ? APP_ERRORS.SMS_CREDITS_EMPTY.message : null;
  const [appPasswords, mailPasswordRefusal] = await Promise.all([
    listAppPasswords({ userId: user.id }),
    readAccountPasswordRefusal({ userId: user.id }),
  ]);
  // Who requires two-factor authentication: the member's organisation is named, as a brand's is not.
  const requiredBy = security.requireTwoFactorSource === 'organisation' && membership ? membership.organisation.name : 'Your provider';
  const needsCode = !hasRecentSecondFactor(session);
  const refusal = (method: SentCodeMethod) => security.selfServiceRefusals[method];
  const canAddPhone = refusal('sms') === null || refusal('voice') === null;
  const canAddEmail = refusal('email') === null && !alternateEmail;
  const codesNeedApp = SENT_CODE_METHODS.some((method) => refusal(method) === 'AUTHENTICATOR_REQUIRED');
  const NOTICES: Record<string, string> = {
    'mfa-disabled': `Two-factor authentication is off. We sent a notice to ${user.email}.`,
    'phone-added': 'Backup phone added.',
    'phone-removed': 'Backup phone removed.',
    'email-added': 'Alternate e-mail address added.',
    'email-removed': 'Alternate e-mail address removed.',
    'mfa-enabled': 'Two-factor authentication is on.',
    'signed-out-other': 'Your other session was signed out.',
    'signed-out-others': 'Your other sessions were signed out.',
    'challenge-changed': 'Saved: when a code is asked for.',
    'location-forgotten': 'Forgotten: the next sign-in from there asks for a code.',
    'app-password-revoked': 'App password revoked. Mail apps that used it can no longer open your mailbox.',
    'mobile-set': 'Saved: the codes of your SMS password go to that phone.',
    'sign-out-failed': 'You are still signed in: signing out did not work. Try again in a minute.',
  };
  const noticeText = lookUp(NOTICES, notice);
  // After a change to how the account signs in, sessions opened before it should not outlive it.
  const isFactorChange = ['phone-added', 'phone-removed', 'email-added', 'email-removed', 'mfa-enabled', 'mfa-disabled', 'mobile-set'].includes(
    notice ?? '',
  );
  const otherSessions = sessions.filter((row) => row.id !== session.id).length;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Account Security</h1>
        <p className="text-slate-600">{user.email}</p>
        {membership && (
          <Link href="/org" className="text-sm text-blue-700 underline">
            {membership.organisation.name} ({organisationRoleWord(membership.role).toLowerCase()})
          </Link>
        )}
      </div>

      {session.isRestricted && (
        <p id="restricted-login" role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <strong>Restricted login.</strong> You signed in with an alternative login meant for a computer you do not
          trust, so you can look at your settings but not change or remove anything. Sign in with your password and a
          second factor to make changes.
        </p>
      )}

      {noticeText && (
        <div role="status" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p>{noticeText}</p>
          {isFactorChange && <OtherSessionsOffer otherSessions={otherSessions} />}
        </div>
      )}

      <InvitationNotice invitations={invitations} isRestricted={session.isRestricted} />

      <section aria-labelledby="mfa-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <div className="flex items-center justify-between">
          <h2 id="mfa-heading" className="text-lg font-semibold">
            Two-factor authentication
          </h2>
          <span
            className={`rounded-full px-3 py-1 text-sm font-semibold ${user.isMfaEnabled ? 'bg-green-100 text-green-800' : 'bg-slate-200 text-slate-800'}`}
          >
            MFA status: {user.isMfaEnabled ? 'On' : 'Off'}
          </span>
        </div>
        {user.isMfaEnabled ? (
          <>
            <p className="text-sm text-slate-700">
              {user.hasAuthenticatorApp
                ? 'Signing in asks for a code from your authenticator app after your password.'
                : 'Signing in asks for a code sent to your backup phone or e-mail after your password.'}
            </p>
            {!user.hasAuthenticatorApp && policy.allowTwoFactor && isSelfService(policy, 'totp') && (
              <div className="space-y-2">
                <p className="text-sm">An authenticator app is safer than text messages. Set one up:</p>
                <TwoFactorGuide />
                <EnableTotpForm />
              </div>
            )}
            <div className="space-y-3 border-t border-slate-200 pt-4">
              <h3 className="font-semibold">Backup codes</h3>
              <p className="text-sm">
                {unusedCodes} of {BACKUP_CODES_PER_SET} backup codes unused.
              </p>
              <ShowCodesForm email={user.email} brandName={security.brandName} needsCode={needsCode} otherSessions={otherSessions} />
            </div>
            {mayTurnOffTwoFactor(policy) ? (
              <details className="border-t border-slate-200 pt-4">
                <summary className="cursor-pointer font-semibold">Turn off two-factor authentication</summary>
                <div className="mt-3 space-y-3">
                  <p className="text-sm text-slate-700">
                    This removes your authenticator app, backup phones, alternate e-mail codes and backup codes, and deletes your
                    alternative logins (SMS password, one-time list).
                  </p>
                  <DisableTotpForm />
                </div>
              </details>
            ) : (
              <p className="border-t border-slate-200 pt-4 text-sm text-slate-700">
                {policy.requireTwoFactor
                  ? `${requiredBy} requires two-factor authentication, so it cannot be turned off.`
                  : 'Your provider does not let you turn two-factor authentication off.'}{' '}
                If you lost your phone, contact support.
              </p>
            )}
          </>
        ) : (
          <>
            {policy.requireTwoFactor && (
              <p className="text-sm font-medium text-slate-900">Required by {requiredBy === 'Your provider' ? 'your provider' : requiredBy}: set it up now.</p>
            )}
            <p className="text-sm text-slate-700">
              Protect your mailbox with a code from an authenticator app (such as Google Authenticator, Microsoft Authenticator,
              1Password or Aegis) each time you sign in.
            </p>
            {!policy.allowTwoFactor ? (
              <p className="text-sm">Your provider does not offer two-factor authentication.</p>
            ) : isSelfService(policy, 'totp') ? (
              <>
                <TwoFactorGuide />
                <EnableTotpForm />
              </>
            ) : (
              <p className="text-sm">Authenticator apps are set up by an administrator here. Please contact support.</p>
            )}
          </>
        )}
        <p className="border-t border-slate-200 pt-4 text-sm text-slate-700">
          Questions? <RecoverySupport brandName={brand.name} contact={brand.supportContact} />.
        </p>
      </section>

      <PasswordSection email={user.email} needsCode={needsCode && user.isMfaEnabled} isRestricted={session.isRestricted} userInputs={passwordWords} />
      <CreditsSection userId={user.id} />

      {user.isMfaEnabled && (
        <section aria-labelledby="challenge-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="challenge-heading" className="text-lg font-semibold">
            When to ask for a code
          </h2>
          {isStaff ? (
            <p className="text-sm text-slate-700">Staff accounts are asked for a code at every sign-in.</p>
          ) : (
            <ChallengePolicyForm chosen={security.challengePolicy.inForce} offered={security.challengePolicy.offered} needsCode={needsCode} />
          )}
        </section>
      )}

      {locations.length > 0 && (
        <section aria-labelledby="locations-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="locations-heading" className="text-lg font-semibold">
            Remembered locations
          </h2>
          <p className="text-sm text-slate-700">
            Where you entered a code when signing in. If you chose to be asked only from a new address or country, signing in from
            these needs only your password. Forget any you do not recognise.
          </p>
          <LocationList locations={locations} action={(location) => <ForgetLocationForm locationId={location.id} label={location.label} />} />
        </section>
      )}

      <section aria-labelledby="phones-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="phones-heading" className="text-lg font-semibold">
          Backup phones and e-mail
        </h2>
        <p className="text-sm text-slate-700">
          If you cannot use your authenticator app, we can text, call or e-mail you a code. Text messages and calls are the weakest
          of these methods; keep your authenticator app as your main one.
        </p>
        {organisationSms && (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            {organisationSms}
          </p>
        )}
        {phones.length > 0 && (
          <ul className="divide-y divide-slate-200" aria-label="Backup phones">
            {phones.map((phone) => (
              <li key={phone.id} className="flex items-start justify-between gap-4 py-3">
                <span className="font-mono">{phone.masked}</span>
                <div className="flex flex-wrap items-start justify-end gap-2">
                  {phone.isMobileForSms ? (
                    <span className="rounded-full bg-blue-100 px-3 py-1 text-sm font-semibold text-blue-800">Mobile for SMS logins</span>
                  ) : (
                    <SetMobilePhoneForm phoneId={phone.id} label={`Use ${phone.masked} for SMS logins`} needsCode={needsCode} />
                  )}
                  <RemoveFactorForm phoneId={phone.id} label={`Remove ${phone.masked}`} needsCode={needsCode} />
                </div>
              </li>
            ))}
          </ul>
        )}
        {alternateEmail && (
          <div className="flex items-start justify-between gap-4 border-t border-slate-200 py-3">
            <span>Alternate e-mail: {alternateEmail.maskedDestination}</span>
            <RemoveFactorForm label="Remove the alternate e-mail address" needsCode={needsCode} />
          </div>
        )}
        <div className="flex flex-wrap gap-3">
          {canAddPhone && (
            <a href="/settings/security/phones/new" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100">
              Add Phone Number
            </a>
          )}
          {canAddEmail && (
            <a href="/settings/security/alternate-email" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100">
              Add alternate e-mail
            </a>
          )}
        </div>
        {codesNeedApp && <p className="text-sm text-slate-600">Set up an authenticator app first; backup phones and e-mail back it up.</p>}
      </section>

      {user.isMfaEnabled && mailPasswordRefusal && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          A mail app tried your account password on {utcDateFormat.format(mailPasswordRefusal.lastAt)} UTC (over{' '}
          {MAIL_PROTOCOL_NAMES[mailPasswordRefusal.protocol]}
          {mailPasswordRefusal.lastIp ? `, from ${mailPasswordRefusal.lastIp}` : ''}); mail apps need an app password now that 2FA is on.{' '}
          {policy.allowAppPasswords
            ? 'Create one below and enter it in the app instead of your password.'
            : 'Your provider does not allow app passwords: use webmail, or ask your provider.'}
        </div>
      )}

      {policy.allowAppPasswords ? (
        <AppPasswordsSection
          email={user.email}
          isMfaEnabled={user.isMfaEnabled}
          needsCode={needsCode}
          appPasswords={appPasswords}
          otherSessions={otherSessions}
        />
      ) : (
        appPasswords.length > 0 && (
          <p className="text-sm text-slate-700">
            Your provider has turned app passwords off: the {appPasswords.length} you created do not open your mailbox until it turns them
            on again.
          </p>
        )
      )}

      <p className="text-sm">
        On a computer you do not trust, sign in with an SMS password or a printed list of one-time passwords instead:{' '}
        <Link href="/settings/alternative-logins" className="text-blue-700 underline">
          Alternative Logins
        </Link>
      </p>

      <OrganisationSection userId={user.id} isMfaEnabled={user.isMfaEnabled} isRestricted={session.isRestricted} />

      <section aria-labelledby="sessions-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <SessionList sessions={sessions} currentSessionId={session.id} />
        <div className="flex flex-wrap gap-3">
          {sessions.length > 1 && <SignOutOtherSessionsForm />}
          <SignOutEverywhereForm />
        </div>
      </section>

      <section aria-labelledby="activity-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="activity-heading" className="text-lg font-semibold">
          Recent security activity
        </h2>
        <ActivityList events={events} />
      </section>
    </div>
  );
}
