'use client';

import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import type { MailServerSetting } from '@/lib/app-passwords/mail-client-settings';
import { createAppPasswordAction, revokeAppPasswordAction } from './app-password-actions';
import { OtherSessionsNotice } from './forms';

type Created = { name: string; password: string };

/**
 * "Create app password": a device name (and a Token when re-authentication is due), then the
 * password, shown once. Rendered even when the mailbox is full (`isFull`), so that the fourth
 * password, whose creation fills it, stays on screen when the page is read again.
 */
export function CreateAppPasswordForm({
  email,
  needsCode,
  servers,
  isFull,
  maxAppPasswords,
  otherSessions,
}: {
  email: string;
  needsCode: boolean;
  servers: MailServerSetting[];
  isFull: boolean;
  maxAppPasswords: number;
  otherSessions: number;
}) {
  const [state, action] = useActionState<FormState<Created>, FormData>(createAppPasswordAction, INITIAL_FORM_STATE);
  if (state.status === 'success') {
    return (
      <div className="space-y-3">
        <CreatedAppPassword created={state.data} email={email} servers={servers} />
        <OtherSessionsNotice otherSessions={otherSessions} />
      </div>
    );
  }
  if (isFull) {
    return <p className="text-sm">You have {maxAppPasswords} app passwords, the most a mailbox can have. Revoke one to create another.</p>;
  }
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <TextField
        label="Device name"
        name="name"
        id="app-password-name"
        maxLength={64}
        hint="The phone or program that will use it, such as “Anna’s iPhone” or “Thunderbird at work”."
        defaultValue={values?.name}
        errors={fieldErrors?.name}
      />
      <ReauthCodeField isNeeded={needsCode} fieldErrors={fieldErrors} id="app-password-code" />
      <SubmitButton>Create app password</SubmitButton>
    </form>
  );
}

function CreatedAppPassword({ created, email, servers }: { created: Created; email: string; servers: MailServerSetting[] }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <section aria-labelledby="new-app-password-heading" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h3 id="new-app-password-heading" className="font-semibold">
        App password for {created.name}
      </h3>
      <p className="text-sm">
        Enter it in the app now, instead of your account password: this is the only time it is shown. The dashes are optional.
      </p>
      <output aria-label="New app password" className="block select-all rounded bg-white px-3 py-2 text-center font-mono text-lg tracking-wide">
        {created.password}
      </output>
      <button
        type="button"
        onClick={() => void navigator.clipboard.writeText(created.password).then(() => setIsCopied(true))}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
      >
        {isCopied ? 'Copied' : 'Copy'}
      </button>
      <table className="w-full text-left text-sm">
        <caption className="pb-1 text-left font-semibold">Settings for your mail app</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Host name</th>
            <th scope="col">Port</th>
            <th scope="col">Security</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((server) => (
            <tr key={server.protocol}>
              <th scope="row">{server.protocol === 'SMTP' ? 'Outgoing (SMTP)' : `Incoming (${server.protocol})`}</th>
              <td className="font-mono">{server.host}</td>
              <td>{server.port}</td>
              <td>{server.security}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-sm">
        User name: <span className="font-mono">{email}</span>. Authentication: normal password.
      </p>
      <a href="/settings/security" className="inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
        Done
      </a>
    </section>
  );
}

/** "Revoke" for one app password. */
export function RevokeAppPasswordForm({ appPasswordId, name }: { appPasswordId: string; name: string }) {
  const [state, action] = useActionState<FormState<never>, FormData>(revokeAppPasswordAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-2" aria-label={`Revoke ${name}`}>
      <FormMessage state={state} />
      <input type="hidden" name="appPasswordId" value={appPasswordId} />
      <SubmitButton variant="secondary">Revoke</SubmitButton>
    </form>
  );
}
