'use client';

import Link from 'next/link';
import { QRCodeSVG } from 'qrcode.react';
import { useActionState, useState } from 'react';
import { BackupCodesPanel } from '@/components/backup-codes-panel';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { PROMPT_CLASS_NAMES } from '@/lib/brands/prompt-class-names';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import type { TotpEnrolment } from '@/lib/mfa/totp/get-totp-enrolment';
import { enableTotpAction } from './actions';

type EnableAction = (previous: FormState<{ backupCodes: string[] }>, formData: FormData) => Promise<FormState<{ backupCodes: string[] }>>;

/**
 * The authenticator-app wizard. The Account Security page's copy turns it on for a signed-in
 * user; a sign-in that must enrol passes its own `action` and where to go once the codes are saved.
 */
export function TotpWizard({
  email,
  brandName,
  enrolment,
  action: enable = enableTotpAction,
  doneHref = '/settings/security?notice=mfa-enabled',
}: {
  email: string;
  /** The mailbox's brand: the backup codes' file is titled with it. */
  brandName: string;
  enrolment: TotpEnrolment | null;
  action?: EnableAction;
  doneHref?: string;
}) {
  const [state, action] = useActionState<FormState<{ backupCodes: string[] }>, FormData>(enable, INITIAL_FORM_STATE);

  if (state.status === 'success') {
    return (
      <div className="space-y-6">
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-green-900">
          Two-factor authentication is on. From now on, signing in asks for a code from your app.
        </p>
        <BackupCodesPanel codes={state.data.backupCodes} email={email} brandName={brandName} headingLevel={2} />
        <p className="text-sm font-medium">
          Do not share your backup codes with anyone. Support will never ask you for them.
        </p>
        <section aria-labelledby="backup-phone-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="backup-phone-heading" className="font-semibold">
            Add a backup phone
          </h2>
          <p className="text-sm text-slate-700">
            If you lose the phone with your authenticator app, a backup phone can get a code by text message or call. Once your codes
            are saved, add one:
          </p>
          <Link href="/settings/security/phones/new" className="inline-block rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100">
            Add Phone Number
          </Link>
        </section>
        <Link href={doneHref} className="inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white">
          I have saved my codes
        </Link>
      </div>
    );
  }
  if (!enrolment) {
    return (
      <div className="space-y-3">
        <p>There is no set-up in progress. Start it from the Account Security page.</p>
        <Link href="/settings/security" className="font-semibold text-blue-700 underline">
          Back to Account Security
        </Link>
      </div>
    );
  }
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <ol className="space-y-8">
      <li className="space-y-3">
        <h2 className="text-lg font-semibold">1. Scan this QR code with your authenticator app</h2>
        <div role="img" aria-label="QR code for your authenticator app" className="inline-block rounded-lg border border-slate-200 bg-white p-4">
          <QRCodeSVG value={enrolment.uri} size={200} marginSize={2} aria-hidden="true" />
        </div>
        <p className="text-sm text-slate-700">
          Your app lists it as <strong>{enrolment.issuer}</strong> ({email}).
        </p>
      </li>
      <li className="space-y-2">
        <h2 className="text-lg font-semibold">2. Or type this key into the app</h2>
        <p className="text-sm text-slate-700">
          Choose &ldquo;enter a setup key&rdquo;, name it {enrolment.issuer}, use {email} as the account name, and time-based codes.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          {/* A bare <code> may not carry a name (ARIA prohibits it); a group may, so the key is announced as "Setup key". */}
          <code role="group" aria-label="Setup key" className="select-all rounded bg-slate-100 px-3 py-2 font-mono text-lg tracking-wider">
            {enrolment.groupedSecret}
          </code>
          <CopyButton value={enrolment.groupedSecret.replace(/ /g, '')} />
        </div>
      </li>
      <li className="space-y-3">
        <h2 className="text-lg font-semibold">3. Enter the 6-digit code the app shows</h2>
        <form action={action} className="max-w-xs space-y-4" noValidate>
          <FormMessage state={state} />
          <TextField
            label="Token"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={64}
            required
            errors={fieldErrors?.code}
            className={PROMPT_CLASS_NAMES.field}
          />
          <SubmitButton className={PROMPT_CLASS_NAMES.button}>Verify</SubmitButton>
        </form>
      </li>
    </ol>
  );
}

function CopyButton({ value }: { value: string }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <button
      type="button"
      className="no-print rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-100"
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setIsCopied(true);
      }}
    >
      <span aria-live="polite">{isCopied ? 'Copied' : 'Copy key'}</span>
    </button>
  );
}
