import type { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import type { Channel } from '@/lib/db/generated/enums';
import type { Prisma } from '@/lib/db/generated/client';
import type { Tx } from '@/lib/db/prisma';

/** What a kind's fragment of the account row reads back, as Prisma types it. */
export type StateOf<S extends Prisma.UserSelect> = Prisma.UserGetPayload<{ select: S }>;

/** The sign-in attempt a response answers: sent codes are bound to it. Null in re-authentication. */
export type FactorAttempt = { pendingLoginId: string } | null;

/**
 * What the token prompt offers of a kind: `key` is unique on the page, `group` puts options of
 * one holding together (a phone's "Text me a code" and "Call me").
 */
export type FactorPromptOption<M extends string = string> = {
  method: M;
  key: string;
  group: string;
  /** The masked number or address a code would go to; null for kinds that send nothing. */
  maskedDestination: string | null;
  /** For kinds held per phone: which one. */
  phoneId?: string;
};

/** What the prompt knows besides the account's state and policy. */
export type PromptContext = {
  /** Signing in with an SMS password: only the text to the mobile number finishes it. */
  isSmsPassword: boolean;
  /** A family or business account's texts and calls are not allowed (they are not offered). */
  smsNotAllowed: boolean;
  /**
   * The organisation's pool can pay a text but not a call (a call costs more): the call is not
   * offered, as the debit would refuse it. An empty pool still shows both and says it is empty.
   */
  callUnpaid?: boolean;
};

/**
 * How a kind describes what the account holds, for the security page and the support console.
 * `key` names the holding: a phone serves texts and calls and is described once.
 */
export type FactorDescription = {
  key: string;
  method: string;
  /** The support console's line: "Backup phone +141••••••32". */
  label: string;
  maskedDestination: string | null;
  /** The row removing this holding deletes, where it is removed on its own. */
  removal: { phoneId: string } | { alternateEmail: true } | null;
  isMobileForSms?: boolean;
};

/** Which methods policy lets exist: the `<method>Available` half of the policy record. */
export type MethodAvailability = Record<`${string}Available`, boolean>;

export type VerifyInput<R> = {
  /** Whoever typed the response: a visitor at the token prompt, the owner re-authenticating. */
  actor: Actor;
  userId: string;
  response: R;
  attempt: FactorAttempt;
};

/**
 * One kind of second factor with its behaviour. Functions use method syntax on purpose: a kind's
 * state is its own fragment of the account row, and the registry hands each the whole row.
 */
export type FactorKind<
  M extends string = string,
  S extends Prisma.UserSelect = Prisma.UserSelect,
  R = unknown,
  C extends Channel | null = Channel | null,
  P extends M | null = M | null,
> = {
  /** The one name of a kind everywhere: in code, policy rows, audit details, the prompt's form. */
  method: M;
  /** What users and administrators read. */
  name: string;
  /** Whether holding it turns two-factor on. Backup codes do not: they stand in for another factor. */
  turnsOnTwoFactor: boolean;
  /** The channel its codes travel by, for kinds whose code Gatehouse sends. */
  channel: C;
  /** The policy rows, the platform form and the CLI flags switch it by this key; null: never switched. */
  policyKey: P;
  /**
   * Where policy's "available" is enforced: when the prompt's response is checked, or already when
   * the code is sent (sent codes). Null for kinds policy does not switch.
   */
  policyCheckedAt: 'verify' | 'send' | null;
  /** Its fragment of the account row (merged with the other kinds' into MFA_STATE_SELECT). */
  select: S;
  isEnrolled(state: StateOf<S>): boolean;
  /**
   * The same fact as one SQL boolean over the account row aliased `u`, for the password step,
   * which reads accounts with plain SQL (lib/sign-in/sign-in-with-password.test.ts holds the two to agreement).
   */
  enrolledSql: string;
  /** Deletes every factor of the kind of one account: turning two-factor off, or a support reset. */
  removeAll(tx: Tx, userId: string): Promise<unknown>;
  /** The throttle that counts its wrong responses, and the support console's name for its lock. */
  check: string;
  checkLabel: string;
  /** The throttle that counts wrong codes while one is being added, with its lock's name. */
  enrolThrottle: string | null;
  enrolThrottleLabel: string | null;
  /** The response as a form field carries it (the prompt's "Token"), read into what `verify` takes. */
  responseSchema: z.ZodType<R, string>;
  /**
   * Whether a response of this kind is accepted in any code field, whichever kind the field asked
   * for (backup codes: they stand in for the authenticator and for sent codes alike).
   */
  isAcceptedInAnyCodeField: boolean;
  /**
   * Checks the response and, if it holds, spends it (a code is used once) in one transaction with
   * `onVerified`, which returns the method that was proven. Failures that must count (a sent
   * code's wrong tries, a reused authenticator step) are written outside that transaction, so a
   * change that then fails never rolls them back.
   */
  verify<T>(input: VerifyInput<R>, onVerified: (tx: Tx, method: string) => Promise<T>): Promise<T>;
  describe(state: StateOf<S>): FactorDescription[];
  promptOption(state: StateOf<S>, policy: MethodAvailability, context: PromptContext): Array<FactorPromptOption<M>>;
};

/** Keeps each entry's literal types while checking it against FactorKind. */
export function defineFactorKind<M extends string, S extends Prisma.UserSelect, R, C extends Channel | null, P extends M | null>(
  kind: FactorKind<M, S, R, C, P>,
): FactorKind<M, S, R, C, P> {
  return kind;
}

/** Whether policy lets the method exist (a kind with no policy key always does). */
export function isMethodAvailable(policy: MethodAvailability, key: string | null): boolean {
  return key === null || policy[`${key}Available`] === true;
}
