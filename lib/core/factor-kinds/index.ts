import type { z } from 'zod';
import type { Channel } from '@/lib/db/generated/enums';
import { backupCodeKind } from './backup-code';
import { emailKind } from './email';
import type { FactorDescription, FactorKind, FactorPromptOption, MethodAvailability, PromptContext, StateOf } from './kind';
import { smsKind } from './sms';
import { totpKind } from './totp';
import type { SecondFactorMethod, SentCodeMethod } from './methods';
import { voiceKind } from './voice';

export type { FactorAttempt, FactorDescription, FactorKind, FactorPromptOption, MethodAvailability, PromptContext } from './kind';
export { defineFactorKind, isMethodAvailable } from './kind';
export { maskDestination } from './sent-code';

/**
 * Every kind of second factor Gatehouse knows, in the order screens list them, each with its
 * behaviour (./kind.ts says what an entry holds). Enrolment state, the password step's SQL,
 * verification, the token prompt, the security page and the support console, policy (its rows,
 * the platform and brand forms, the CLI flags), throttles and unlocking all derive from this
 * list: a new kind is one module here, its prompt component and its table (README, "Adding a
 * factor kind").
 */
export const SECOND_FACTOR_KINDS = [totpKind, backupCodeKind, smsKind, voiceKind, emailKind] as const;

type Kind = (typeof SECOND_FACTOR_KINDS)[number];
/** Any entry, as the derived pieces below read one (a test may hand them a registry of its own). */
export type AnyFactorKind = FactorKind;
export type FactorRegistry = readonly AnyFactorKind[];

export { FACTOR_FACTS, factorName, POLICY_METHODS, SENT_CODE_METHODS, type PolicyMethod, type SecondFactorMethod, type SentCodeMethod } from './methods';
/** How a typed response of a kind is checked, which is also the throttle that counts its wrong tries. */
export type CodeCheck = Kind['check'];
/** The throttle that counts wrong codes while a factor of the kind is being added. */
export type EnrolThrottle = NonNullable<Kind['enrolThrottle']>;

/** A response to the prompt or to re-authentication: which kind answers, and its answer. */
export type SecondFactorResponse = ResponseOf<Kind>;
type ResponseOf<K extends Kind> = K extends Kind ? { method: K['method']; response: z.output<K['responseSchema']> } : never;

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** The kinds' fragments of the account row as one select (their `_count`s merged). */
export function stateSelect<K extends FactorRegistry>(kinds: K): UnionToIntersection<K[number]['select']> {
  const merged: Record<string, unknown> = {};
  for (const { select } of kinds) {
    for (const [key, value] of Object.entries(select)) {
      const existing = merged[key];
      merged[key] =
        key === '_count' && isCountSelect(existing) && isCountSelect(value) ? { select: { ...existing.select, ...value.select } } : value;
    }
  }
  return merged as UnionToIntersection<K[number]['select']>;
}

function isCountSelect(value: unknown): value is { select: object } {
  return typeof value === 'object' && value !== null && 'select' in value && typeof value.select === 'object';
}

/** What every enrolment query reads: each kind's fragment of the account row. */
export const MFA_STATE_SELECT = stateSelect(SECOND_FACTOR_KINDS);
export type MfaState = StateOf<typeof MFA_STATE_SELECT>;

/** The methods the policy screens (platform, brand, CLI) list, from a registry. */
export function policyMethods(kinds: FactorRegistry): string[] {
  return kinds.flatMap((kind) => (kind.policyKey === null ? [] : [kind.policyKey]));
}

export function secondFactorKind(method: SecondFactorMethod): Kind;
export function secondFactorKind(method: string, kinds: FactorRegistry): AnyFactorKind;
export function secondFactorKind(method: string, kinds: FactorRegistry = SECOND_FACTOR_KINDS): AnyFactorKind {
  const kind = kinds.find((entry) => entry.method === method);
  if (!kind) throw new Error(`No second-factor kind "${method}"`);
  return kind;
}

/**
 * The throttle that guards setting up `method` (its registry entry names it), so the verb that
 * enrols it and the support page that unlocks it use one name. A kind set up without a code has none.
 */
export function enrolThrottleOf(method: SecondFactorMethod): string {
  const { enrolThrottle } = secondFactorKind(method);
  if (!enrolThrottle) throw new Error(`Second-factor kind "${method}" is not set up with a code, so it has no enrolment throttle`);
  return enrolThrottle;
}

export function isSecondFactorMethod(value: string): value is SecondFactorMethod {
  return SECOND_FACTOR_KINDS.some((kind) => kind.method === value);
}

/** The one mapping from a channel to the method whose codes travel by it. */
export function methodOfChannel(channel: Channel): SentCodeMethod {
  const kind = SECOND_FACTOR_KINDS.find((entry) => entry.channel === channel);
  if (!kind?.channel) throw new Error(`No second-factor kind sends by ${channel}`);
  return kind.method as SentCodeMethod;
}

/** The one definition of "two-factor authentication is on", from the kinds an account holds. */
export function isTwoFactorOn(enrolled: ReadonlySet<string>, kinds: FactorRegistry = SECOND_FACTOR_KINDS): boolean {
  return kinds.some((kind) => kind.turnsOnTwoFactor && enrolled.has(kind.method));
}

export function enrolledMethods(state: MfaState): Set<SecondFactorMethod>;
export function enrolledMethods(state: unknown, kinds: FactorRegistry): Set<string>;
export function enrolledMethods(state: unknown, kinds: FactorRegistry = SECOND_FACTOR_KINDS): Set<string> {
  return new Set(kinds.filter((kind) => kind.isEnrolled(state as never)).map((kind) => kind.method));
}

export function isMfaEnabled(state: MfaState): boolean {
  return isTwoFactorOn(enrolledMethods(state));
}

export function hasAuthenticatorApp(state: Pick<MfaState, 'totp'>): boolean {
  return totpKind.isEnrolled(state);
}

/** What the account holds, one line per holding (a phone serving texts and calls is one). */
export function describeFactors(state: unknown, kinds: FactorRegistry = SECOND_FACTOR_KINDS): FactorDescription[] {
  const byKey = new Map<string, FactorDescription>();
  for (const kind of kinds) for (const description of kind.describe(state as never)) if (!byKey.has(description.key)) byKey.set(description.key, description);
  return [...byKey.values()];
}

/**
 * What the token prompt offers, in the registry's order, with the options of one holding kept
 * together (a phone's text, then its call) in the order holdings first appear.
 */
export function promptOptions(state: unknown, policy: MethodAvailability, context: PromptContext, kinds: FactorRegistry = SECOND_FACTOR_KINDS): FactorPromptOption[] {
  const groups = new Map<string, FactorPromptOption[]>();
  for (const kind of kinds) {
    for (const option of kind.promptOption(state as never, policy, context)) {
      groups.set(option.group, [...(groups.get(option.group) ?? []), option]);
    }
  }
  return [...groups.values()].flat();
}

/** Every throttle a kind counts failures in, with the name support reads for its lock. */
export function factorThrottleLabels(kinds: FactorRegistry = SECOND_FACTOR_KINDS): Map<string, string> {
  const labels = new Map<string, string>();
  for (const kind of kinds) {
    labels.set(kind.check, kind.checkLabel);
    if (kind.enrolThrottle) labels.set(kind.enrolThrottle, kind.enrolThrottleLabel ?? kind.enrolThrottle);
  }
  return labels;
}
