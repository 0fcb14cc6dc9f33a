import type { Channel } from '@/lib/db/generated/enums';
import type { Tx } from '@/lib/db/prisma';

/**
 * Every kind of second factor Gatehouse knows, in the order screens list them. Enrolment state,
 * the password step's SQL, turning two-factor off, the token prompt, policy (its rows, the
 * platform settings form, the command-line flags) and unlocking all iterate this list, so a new
 * kind is one entry here and its table in prisma/schema.prisma.
 *
 * `method` is the one name of a kind everywhere: in code, in policy rows, in audit details.
 */
export type SecondFactorMethod = 'totp' | 'backup_code' | 'sms' | 'voice' | 'email';

/** What the enrolment queries read: one fragment per stored kind of factor (see `enrolledIn`). */
export const MFA_STATE_SELECT = {
  totp: { select: { confirmedAt: true } },
  alternateEmail: { select: { id: true } },
  _count: { select: { phones: true, backupCodes: { where: { usedAt: null } } } },
} as const;

export type MfaState = {
  totp: { confirmedAt: Date | null } | null;
  alternateEmail: { id: string } | null;
  _count: { phones: number; backupCodes?: number };
};

/**
 * How a typed code of a kind is checked, which is also the throttle that counts its wrong tries:
 * an authenticator's code, a backup code, or a code Gatehouse sent (by whatever channel).
 */
export type CodeCheck = 'totp' | 'backup_code' | 'sent_code';
/** The throttle that counts wrong codes while a factor of the kind is being added. */
export type EnrolThrottle = 'totp-enrol' | 'verify-phone' | 'verify-email';

export type SecondFactorKind = {
  method: SecondFactorMethod;
  /** What users and administrators read. */
  name: string;
  /**
   * Whether holding it turns two-factor authentication on. Backup codes do not: they only stand
   * in for another factor.
   */
  turnsOnTwoFactor: boolean;
  /** The channel its codes travel by, for kinds whose code Gatehouse sends. */
  channel: Channel | null;
  /** Whether the account holds this kind, from the rows MFA_STATE_SELECT reads. */
  isEnrolled: (state: MfaState) => boolean;
  /**
   * The same fact as one SQL boolean over the account row aliased `u`, for the password step,
   * which reads accounts with plain SQL (tests/password-step.test.ts holds the two to agreement).
   */
  enrolledSql: string;
  /** Deletes every factor of the kind of one account: turning two-factor off, or a support reset. */
  removeAll: (tx: Tx, userId: string) => Promise<unknown>;
  check: CodeCheck;
  enrolThrottle: EnrolThrottle | null;
};

const hasPhone = (state: MfaState) => state._count.phones > 0;
const PHONE_SQL = `EXISTS (SELECT 1 FROM "Phone" f WHERE f."userId" = u."id")`;
const removePhones = (tx: Tx, userId: string) => tx.phone.deleteMany({ where: { userId } });

export const SECOND_FACTOR_KINDS: readonly SecondFactorKind[] = [
  {
    method: 'totp',
    name: 'Authenticator app',
    turnsOnTwoFactor: true,
    channel: null,
    isEnrolled: (state) => Boolean(state.totp?.confirmedAt),
    enrolledSql: `EXISTS (SELECT 1 FROM "TotpCredential" f WHERE f."userId" = u."id" AND f."confirmedAt" IS NOT NULL)`,
    removeAll: (tx, userId) => tx.totpCredential.deleteMany({ where: { userId } }),
    check: 'totp',
    enrolThrottle: 'totp-enrol',
  },
  {
    method: 'backup_code',
    name: 'Backup codes',
    turnsOnTwoFactor: false,
    channel: null,
    isEnrolled: (state) => (state._count.backupCodes ?? 0) > 0,
    enrolledSql: `EXISTS (SELECT 1 FROM "BackupCode" f WHERE f."userId" = u."id" AND f."usedAt" IS NULL)`,
    removeAll: (tx, userId) => tx.backupCode.deleteMany({ where: { userId } }),
    check: 'backup_code',
    enrolThrottle: null,
  },
  {
    method: 'sms',
    name: 'Text message',
    turnsOnTwoFactor: true,
    channel: 'SMS',
    isEnrolled: hasPhone,
    enrolledSql: PHONE_SQL,
    removeAll: removePhones,
    check: 'sent_code',
    enrolThrottle: 'verify-phone',
  },
  {
    method: 'voice',
    name: 'Phone call',
    turnsOnTwoFactor: true,
    channel: 'VOICE',
    isEnrolled: hasPhone,
    enrolledSql: PHONE_SQL,
    removeAll: removePhones,
    check: 'sent_code',
    enrolThrottle: 'verify-phone',
  },
  {
    method: 'email',
    name: 'E-mail code',
    turnsOnTwoFactor: true,
    channel: 'EMAIL',
    isEnrolled: (state) => state.alternateEmail !== null,
    enrolledSql: `EXISTS (SELECT 1 FROM "AlternateEmail" f WHERE f."userId" = u."id")`,
    removeAll: (tx, userId) => tx.alternateEmail.deleteMany({ where: { userId } }),
    check: 'sent_code',
    enrolThrottle: 'verify-email',
  },
];

/**
 * The kinds policy switches on and off (its rows, the platform form, the CLI flags). Backup codes
 * are not among them: they come and go with the authenticator app.
 */
export const POLICY_METHODS = ['totp', 'sms', 'voice', 'email'] as const satisfies readonly SecondFactorMethod[];
export type PolicyMethod = (typeof POLICY_METHODS)[number];

/** The kinds whose code Gatehouse sends (each has a channel in the registry). */
export const SENT_CODE_METHODS = ['sms', 'voice', 'email'] as const satisfies readonly PolicyMethod[];
export type SentCodeMethod = (typeof SENT_CODE_METHODS)[number];

export function secondFactorKind(method: SecondFactorMethod): SecondFactorKind {
  const kind = SECOND_FACTOR_KINDS.find((entry) => entry.method === method);
  if (!kind) throw new Error(`No second-factor kind "${method}"`);
  return kind;
}

/** The one mapping from a channel to the method whose codes travel by it. */
export function methodOfChannel(channel: Channel): SentCodeMethod {
  const method = SECOND_FACTOR_KINDS.find((entry) => entry.channel === channel)?.method;
  const sent = SENT_CODE_METHODS.find((entry) => entry === method);
  if (!sent) throw new Error(`No second-factor kind sends by ${channel}`);
  return sent;
}

/** The one definition of "two-factor authentication is on", from the kinds an account holds. */
export function isTwoFactorOn(enrolled: ReadonlySet<SecondFactorMethod>): boolean {
  return SECOND_FACTOR_KINDS.some((kind) => kind.turnsOnTwoFactor && enrolled.has(kind.method));
}

export function enrolledMethods(state: MfaState): Set<SecondFactorMethod> {
  return new Set(SECOND_FACTOR_KINDS.filter((kind) => kind.isEnrolled(state)).map((kind) => kind.method));
}

export function isMfaEnabled(state: MfaState): boolean {
  return isTwoFactorOn(enrolledMethods(state));
}

export function hasAuthenticatorApp(state: Pick<MfaState, 'totp'>): boolean {
  return Boolean(state.totp?.confirmedAt);
}
