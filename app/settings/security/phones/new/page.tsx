import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { getEnv } from '@/lib/config/env';
import { countriesForPicker } from '@/lib/phones/countries';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { addFactorRefusal } from '@/lib/policy/assert-may-add-factor';
import { AddPhoneFlow } from './add-phone-flow';

export const metadata: Metadata = { title: 'Add a backup phone' };

export default async function AddPhonePage() {
  const { user, session } = await requireSessionOrRedirect();
  const { settings: policy } = await getEffectivePolicy({ userId: user.id });
  const refusals = (['sms', 'voice'] as const).map((method) =>
    addFactorRefusal({ policy, method, hasAuthenticatorApp: user.hasAuthenticatorApp, by: 'self' }),
  );
  const methods = { canText: refusals[0] === null, canCall: refusals[1] === null };
  const { likely, all } = countriesForPicker({ acceptLanguage: (await headers()).get('accept-language'), allowed: getEnv().SMS_ALLOWED_COUNTRIES });
  const isAllowed = methods.canText || methods.canCall;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Add a backup phone</h1>
      {isAllowed ? (
        <>
          <p className="text-slate-700">
            A backup phone gets a code by text message or call when you cannot use your authenticator app. We send a code now to
            check the number; it is saved only once you enter that code.
          </p>
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            Choose a number other than the phone that holds your authenticator app: if you lose that phone, the backup phone is how
            you get back in.
          </p>
          <AddPhoneFlow countries={all} likely={likely} needsConfirmation={user.isMfaEnabled && !hasRecentSecondFactor(session)} methods={methods} />
        </>
      ) : (
        <p role="alert">
          {refusals.includes('AUTHENTICATOR_REQUIRED')
            ? 'Set up an authenticator app first: backup phones back it up.'
            : 'Backup phones are not available, or only an administrator can add one. Please contact support.'}
        </p>
      )}
      <Link href="/settings/security" className="block text-sm text-blue-700 underline">
        Back to Account Security
      </Link>
    </div>
  );
}
