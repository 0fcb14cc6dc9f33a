import { AppError } from '@/lib/errors/app-error';
import { isAvailable, isSelfService, type ChallengeProvider, type TPlatformPolicy } from './platform-policy';

export type AddFactorRefusal = 'NOT_AVAILABLE' | 'NOT_SELF_SERVICE' | 'AUTHENTICATOR_REQUIRED';

type AddFactorQuestion = {
  policy: TPlatformPolicy;
  provider: Exclude<ChallengeProvider, 'totp'>;
  hasAuthenticatorApp: boolean;
  /** Users set up only self-service methods; staff may set up any available one for them. */
  by: 'self' | 'staff';
};

/**
 * The one rule for adding a text, call or e-mail factor: the method must exist on the platform,
 * be self-service unless staff add it, and, unless the platform lets codes stand alone, back up
 * an authenticator app that is already there. Null means allowed. Pages ask this to decide what
 * to offer; verbs assert it.
 */
export function addFactorRefusal({ policy, provider, hasAuthenticatorApp, by }: AddFactorQuestion): AddFactorRefusal | null {
  if (!isAvailable(policy, provider)) return 'NOT_AVAILABLE';
  if (by === 'self' && !isSelfService(policy, provider)) return 'NOT_SELF_SERVICE';
  if (!policy.codesMayStandAlone && !hasAuthenticatorApp) return 'AUTHENTICATOR_REQUIRED';
  return null;
}

export function assertMayAddFactor(question: AddFactorQuestion): void {
  const refusal = addFactorRefusal(question);
  if (refusal === 'NOT_AVAILABLE') throw new AppError('METHOD_NOT_AVAILABLE');
  if (refusal === 'NOT_SELF_SERVICE') {
    throw new AppError('METHOD_NOT_AVAILABLE', { message: 'Only an administrator can set this method up for you. Please contact support.' });
  }
  if (refusal === 'AUTHENTICATOR_REQUIRED') throw new AppError('AUTHENTICATOR_REQUIRED');
}
