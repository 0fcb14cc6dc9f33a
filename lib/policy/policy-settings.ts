import { z } from 'zod';
import { POLICY_METHODS, secondFactorKind, type PolicyMethod } from '@/lib/mfa/second-factor-kinds';

/**
 * The settings policy is made of, as one flat record: per method of the second-factor registry
 * whether it exists (`<method>Available`) and whether users set it up themselves
 * (`<method>SelfService`), then the settings that are not per method.
 */
export type TPolicy = { [M in PolicyMethod as `${M}Available`]: boolean } & { [M in PolicyMethod as `${M}SelfService`]: boolean } & {
  codesMayStandAlone: boolean;
};
export type PolicyKey = keyof TPolicy;

export const POLICY_KEYS = [
  ...POLICY_METHODS.flatMap((method) => [availableKey(method), selfServiceKey(method)]),
  'codesMayStandAlone',
] as PolicyKey[];

export const ZPolicySchema = z.object(Object.fromEntries(POLICY_KEYS.map((key) => [key, z.boolean()])) as Record<PolicyKey, z.ZodBoolean>);

/** Where a setting in force comes from: the layer that set it. Brands and organisations come next. */
export type PolicySource = 'platform';

/** The policy in force for one account (or the platform), each setting with where it came from. */
export type EffectivePolicy = { settings: TPolicy; sources: Record<PolicyKey, PolicySource> };

// What a platform starts with: every method on and self-service; text, call and e-mail codes
// only as a backup to an authenticator app (restricted authenticators, NIST SP 800-63B 5.1.3.3).
export const DEFAULT_POLICY: TPolicy = ZPolicySchema.parse(
  Object.fromEntries(POLICY_KEYS.map((key) => [key, key !== 'codesMayStandAlone'])),
);

export function availableKey<M extends PolicyMethod>(method: M): `${M}Available` {
  return `${method}Available`;
}

export function selfServiceKey<M extends PolicyMethod>(method: M): `${M}SelfService` {
  return `${method}SelfService`;
}

export function isAvailable(policy: TPolicy, method: PolicyMethod): boolean {
  return policy[availableKey(method)];
}

/** Whether users may set the method up themselves (staff always may, where it exists). */
export function isSelfService(policy: TPolicy, method: PolicyMethod): boolean {
  return policy[availableKey(method)] && policy[selfServiceKey(method)];
}

export function methodName(method: PolicyMethod): string {
  return secondFactorKind(method).name;
}
