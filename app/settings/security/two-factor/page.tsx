import type { Metadata } from 'next';
import { BrandedPrompt } from '@/components/branded-prompt';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { readAccountBrandLook } from '@/lib/brands/read-account-brand-look';
import { getTotpEnrolment } from '@/lib/mfa/totp/get-totp-enrolment';
import { TotpWizard } from './wizard';

export const metadata: Metadata = { title: 'Set up your authenticator app' };

export default async function TwoFactorSetupPage() {
  const { user } = await requireSessionOrRedirect();
  // Not redirected once the app is set up: right after the last step, this same page renders the
  // new backup codes from the action's result (also without JavaScript).
  const [enrolment, look] = await Promise.all([
    user.hasAuthenticatorApp ? null : getTotpEnrolment({ user }),
    readAccountBrandLook({ userId: user.id }),
  ]);
  return (
    <BrandedPrompt look={look} title="Set up your authenticator app" className="space-y-6">
      <TotpWizard email={user.email} brandName={look?.name ?? ''} enrolment={enrolment} />
    </BrandedPrompt>
  );
}
