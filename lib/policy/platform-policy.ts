import { z } from 'zod';

export const CHALLENGE_PROVIDERS = ['totp', 'sms', 'voice', 'email'] as const;
export type ChallengeProvider = (typeof CHALLENGE_PROVIDERS)[number];

export const PROVIDER_NAMES: Record<ChallengeProvider, string> = {
  totp: 'Authenticator app',
  sms: 'Text message',
  voice: 'Phone call',
  email: 'E-mail code',
};

export const ZPlatformPolicySchema = z.object({
  totpAvailable: z.boolean(),
  smsAvailable: z.boolean(),
  voiceAvailable: z.boolean(),
  emailAvailable: z.boolean(),
  totpSelfService: z.boolean(),
  smsSelfService: z.boolean(),
  voiceSelfService: z.boolean(),
  emailSelfService: z.boolean(),
  codesMayStandAlone: z.boolean(),
});
export type TPlatformPolicy = z.infer<typeof ZPlatformPolicySchema>;

// What a platform starts with: every method on and self-service; text, call and e-mail codes
// only as a backup to an authenticator app (restricted authenticators, NIST SP 800-63B 5.1.3.3).
export const DEFAULT_PLATFORM_POLICY: TPlatformPolicy = {
  totpAvailable: true,
  smsAvailable: true,
  voiceAvailable: true,
  emailAvailable: true,
  totpSelfService: true,
  smsSelfService: true,
  voiceSelfService: true,
  emailSelfService: true,
  codesMayStandAlone: false,
};

export function isAvailable(policy: TPlatformPolicy, provider: ChallengeProvider): boolean {
  return policy[`${provider}Available`];
}

/** Whether users may set the method up themselves (an administrator always may). */
export function isSelfService(policy: TPlatformPolicy, provider: ChallengeProvider): boolean {
  return policy[`${provider}Available`] && policy[`${provider}SelfService`];
}
