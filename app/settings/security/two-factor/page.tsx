import type { Metadata } from 'next';
import { requireSessionOrRedirect } from '@/lib/auth/require-session';
import { getTotpEnrolment } from '@/lib/mfa/totp/get-totp-enrolment';
import { TotpWizard } from './wizard';

export const metadata: Metadata = { title: 'Set up your authenticator app' };

export default async function TwoFactorSetupPage() {
  const { user } = await requireSessionOrRedirect();
  // Not redirected once the app is set up: right after the last step, this same page renders the
  // new backup codes from the action's result (also without JavaScript).
  const enrolment = user.hasAuthenticatorApp ? null : await getTotpEnrolment({ user });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Set up your authenticator app</h1>
      <TotpWizard email={user.email} enrolment={enrolment} />
    </div>
  );
}
