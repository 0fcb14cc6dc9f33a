import { AppError } from '@/lib/errors/app-error';
import { isAvailable, isSelfService, type ChallengeProvider, type TPlatformPolicy } from './platform-policy';

/**
 * Whether this user may set up a text, call or e-mail factor now: the method must exist on the
 * platform, users must be allowed to set it up themselves, and unless the platform lets codes
 * stand alone, an authenticator app must already be there for it to back up.
 */
export function assertMayAddFactor({
  policy,
  provider,
  hasAuthenticatorApp,
}: {
  policy: TPlatformPolicy;
  provider: Exclude<ChallengeProvider, 'totp'>;
  hasAuthenticatorApp: boolean;
}): void {
  if (!isAvailable(policy, provider)) throw new AppError('METHOD_NOT_AVAILABLE');
  if (!isSelfService(policy, provider)) {
    throw new AppError('METHOD_NOT_AVAILABLE', { message: 'Only an administrator can set this method up for you. Please contact support.' });
  }
  if (!policy.codesMayStandAlone && !hasAuthenticatorApp) throw new AppError('AUTHENTICATOR_REQUIRED');
}
