import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { addFactorRefusal } from '@/lib/policy/assert-may-add-factor';
import { AddEmailFlow } from './add-email-flow';

export const metadata: Metadata = { title: 'Add an alternate e-mail address' };

export default async function AlternateEmailPage() {
  const { user, session } = await requireSessionOrRedirect();
  const { settings: policy } = await getEffectivePolicy({ userId: user.id });
  const refusal = addFactorRefusal({ policy, method: 'email', hasAuthenticatorApp: user.hasAuthenticatorApp, by: 'self' });
  const isAllowed = refusal === null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Add an alternate e-mail address</h1>
      {isAllowed ? (
        <>
          <p className="text-slate-700">
            An address of another mailbox (not this one, nor this one with a +tag), where we can e-mail you a sign-in code. We send a code now to check it.
          </p>
          <AddEmailFlow needsConfirmation={user.isMfaEnabled && !hasRecentSecondFactor(session)} />
        </>
      ) : (
        <p role="alert">
          {refusal === 'AUTHENTICATOR_REQUIRED'
            ? 'Set up an authenticator app first: an alternate address backs it up.'
            : 'E-mail codes are not available, or only an administrator can set them up. Please contact support.'}
        </p>
      )}
      <Link href="/settings/security" className="block text-sm text-blue-700 underline">
        Back to Account Security
      </Link>
    </div>
  );
}
