import { MAX_APP_PASSWORDS } from '@/lib/app-passwords/app-password-slots';
import type { ListedAppPassword } from '@/lib/app-passwords/list-app-passwords';
import { mailClientSettings } from '@/lib/app-passwords/mail-client-settings';
import { formatDateTime } from '@/lib/core/format';
import { MAIL_PROTOCOL_NAMES } from '@/lib/mail-auth/mail-protocol';
import { CreateAppPasswordForm, RevokeAppPasswordForm } from './app-password-forms';

/** The security page's "App passwords": shown while the mailbox's brand allows them. */
export function AppPasswordsSection({
  email,
  isMfaEnabled,
  needsCode,
  appPasswords,
  otherSessions,
}: {
  email: string;
  isMfaEnabled: boolean;
  needsCode: boolean;
  appPasswords: ListedAppPassword[];
  /** Sessions of the account besides this one: offered to be signed out once a password is made. */
  otherSessions: number;
}) {
  return (
    <section aria-labelledby="app-passwords-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="app-passwords-heading" className="text-lg font-semibold">
        App passwords
      </h2>
      <p className="text-sm text-slate-700">
        Mail apps (your phone’s mail app, Thunderbird, Outlook) cannot ask for a code. Give each one its own app password: if a
        device is lost, revoke its password here without changing your own.{' '}
        {isMfaEnabled
          ? 'With two-factor authentication on, mail apps need an app password: your account password does not work in them.'
          : 'Until you turn two-factor authentication on, your account password also works in mail apps.'}
      </p>
      {appPasswords.length > 0 && (
        <ul className="divide-y divide-slate-200" aria-label="App passwords">
          {appPasswords.map((row) => (
            <li key={row.id} className="flex items-start justify-between gap-4 py-3 text-sm">
              <div>
                <span className="font-medium">{row.name}</span>
                <span className="block text-slate-600">Created {formatDateTime(row.createdAt)} UTC</span>
                <span className="block text-slate-600">
                  {row.lastUsedAt
                    ? `Last used ${formatDateTime(row.lastUsedAt)} UTC from ${row.lastUsedIp ?? 'an unknown address'} over ${
                        row.lastUsedProtocol ? MAIL_PROTOCOL_NAMES[row.lastUsedProtocol] : 'mail'
                      }`
                    : 'Never used'}
                </span>
              </div>
              <RevokeAppPasswordForm appPasswordId={row.id} name={row.name} />
            </li>
          ))}
        </ul>
      )}
      <CreateAppPasswordForm
        email={email}
        needsCode={needsCode && isMfaEnabled}
        servers={mailClientSettings()}
        isFull={appPasswords.length >= MAX_APP_PASSWORDS}
        maxAppPasswords={MAX_APP_PASSWORDS}
        otherSessions={otherSessions}
      />
    </section>
  );
}
