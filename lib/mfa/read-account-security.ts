import {
  describeFactors,
  enrolledMethods,
  isTwoFactorOn,
  SECOND_FACTOR_KINDS,
  SENT_CODE_METHODS,
  stateSelect,
  type SentCodeMethod,
  type FactorDescription,
  type FactorRegistry,
} from '@/lib/core/factor-kinds';
import { effectiveChallengePolicy, offeredChallengePolicies } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { addFactorRefusal, type AddFactorRefusal } from '@/lib/policy/assert-may-add-factor';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import type { PolicySource, TPolicy } from '@/lib/policy/policy-settings';

export type AccountSecurity = {
  /** The account's brand, whose name its backup codes and authenticator entry carry. */
  brandName: string;
  isMfaEnabled: boolean;
  hasAuthenticatorApp: boolean;
  /** What the account holds, one entry per holding as its kind describes it: masked, never a secret. */
  factors: FactorDescription[];
  unusedBackupCodes: number;
  /** The account's policy, layered (platform, brand, organisation). */
  settings: TPolicy;
  /** The layer whose "Require two-factor authentication" is in force ("required by <organisation>"). */
  requireTwoFactorSource: PolicySource;
  challengePolicy: { chosen: ChallengePolicy; inForce: ChallengePolicy; offered: ChallengePolicy[] };
  /** Why the owner may not add a factor of each kind whose code Gatehouse sends; null: they may. */
  selfServiceRefusals: Record<SentCodeMethod, AddFactorRefusal | null>;
};

/**
 * The second factors and sign-in policy of one account, as the security page shows them to their
 * owner and the support console to staff: one read model, built from the factor-kind registry, so
 * a new kind appears on both. Callers authorise first (the page is the owner's session, the
 * console authorises staff).
 */
export async function readAccountSecurity({
  userId,
  isStaff,
  kinds = SECOND_FACTOR_KINDS,
}: {
  userId: string;
  /** Staff accounts are asked for a code at every sign-in, whatever they chose. */
  isStaff: boolean;
  /** The registry to describe from; a test hands in one with a kind of its own. */
  kinds?: FactorRegistry;
}): Promise<AccountSecurity> {
  const [row, { settings, sources }] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { ...stateSelect(kinds), challengePolicy: true, brand: { select: { name: true } } } }),
    getEffectivePolicy({ userId }),
  ]);
  if (!row) throw new AppError('USER_NOT_FOUND');
  const methods = enrolledMethods(row, kinds);
  const hasAuthenticatorApp = methods.has('totp');
  return {
    brandName: row.brand.name,
    isMfaEnabled: isTwoFactorOn(methods, kinds),
    hasAuthenticatorApp,
    factors: describeFactors(row, kinds),
    unusedBackupCodes: unusedBackupCodesOf(row),
    settings,
    requireTwoFactorSource: sources.requireTwoFactor,
    challengePolicy: {
      chosen: row.challengePolicy,
      inForce: effectiveChallengePolicy({ chosen: row.challengePolicy, settings, isStaff }),
      offered: offeredChallengePolicies(settings),
    },
    selfServiceRefusals: Object.fromEntries(
      SENT_CODE_METHODS.map((method) => [method, addFactorRefusal({ policy: settings, method, hasAuthenticatorApp, by: 'self' })]),
    ) as Record<SentCodeMethod, AddFactorRefusal | null>,
  };
}

function unusedBackupCodesOf(row: object): number {
  const count = '_count' in row && typeof row._count === 'object' && row._count !== null && 'backupCodes' in row._count ? row._count.backupCodes : 0;
  return typeof count === 'number' ? count : 0;
}
