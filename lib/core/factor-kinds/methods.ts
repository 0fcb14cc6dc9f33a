// The facts of each kind that screens and policy need, with no server code, so client components
// (the policy forms) can import them: each registry entry (./index.ts) is built on its line here.
// A new kind is a line here and its module.

export const FACTOR_FACTS = {
  totp: { method: 'totp', name: 'Authenticator app', turnsOnTwoFactor: true, channel: null, policyKey: 'totp' },
  // Backup codes come and go with the authenticator app; policy does not switch them.
  backup_code: { method: 'backup_code', name: 'Backup codes', turnsOnTwoFactor: false, channel: null, policyKey: null },
  sms: { method: 'sms', name: 'Text message', turnsOnTwoFactor: true, channel: 'SMS', policyKey: 'sms' },
  voice: { method: 'voice', name: 'Phone call', turnsOnTwoFactor: true, channel: 'VOICE', policyKey: 'voice' },
  email: { method: 'email', name: 'E-mail code', turnsOnTwoFactor: true, channel: 'EMAIL', policyKey: 'email' },
} as const;

type Facts = (typeof FACTOR_FACTS)[keyof typeof FACTOR_FACTS];

export type SecondFactorMethod = Facts['method'];
/** The kinds policy switches on and off. Backup codes are not among them. */
export type PolicyMethod = NonNullable<Facts['policyKey']>;
/** The kinds whose code Gatehouse sends (each has a channel). */
export type SentCodeMethod = Extract<Facts, { channel: string }>['method'];

const FACTS: readonly Facts[] = Object.values(FACTOR_FACTS);

/** The methods the policy screens (platform, brand, CLI) list, in the registry's order. */
export const POLICY_METHODS: readonly PolicyMethod[] = FACTS.flatMap((facts) => (facts.policyKey === null ? [] : [facts.policyKey]));
export const SENT_CODE_METHODS: readonly SentCodeMethod[] = FACTS.flatMap((facts) => (facts.channel === null ? [] : [facts.method]));

/** What users and administrators call a kind. */
export function factorName(method: SecondFactorMethod): string {
  return FACTOR_FACTS[method].name;
}
