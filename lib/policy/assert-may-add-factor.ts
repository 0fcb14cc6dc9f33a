import type { Actor } from '@/lib/core/actor';
import { AppError } from '@/lib/errors/app-error';
import type { SentCodeMethod } from '@/lib/core/factor-kinds';
import { readSubject } from '@/lib/users/read-subject';
import type { Tx } from '@/lib/db/prisma';
import { hasAuthenticatorApp } from '@/lib/core/factor-kinds';
import { getEffectivePolicy } from './get-effective-policy';
import { isAvailable, isSelfService, type TPolicy } from './policy-settings';

export type AddFactorRefusal = 'TWO_FACTOR_NOT_OFFERED' | 'METHOD_NOT_AVAILABLE' | 'METHOD_NOT_SELF_SERVICE' | 'AUTHENTICATOR_REQUIRED';

type AddFactorQuestion = {
  policy: TPolicy;
  method: SentCodeMethod;
  hasAuthenticatorApp: boolean;
  /** Users set up only self-service methods; staff may set up any available one for them. */
  by: 'self' | 'staff';
};

/**
 * The one rule for adding a text, call or e-mail factor: the account's brand must offer two-factor
 * authentication at all (whoever adds it), the method must exist, be self-service
 * unless staff add it, and, unless policy lets codes stand alone, back up an authenticator app
 * that is already there. Null means allowed. Pages ask this to decide what to offer; verbs assert it.
 */
export function addFactorRefusal({ policy, method, hasAuthenticatorApp, by }: AddFactorQuestion): AddFactorRefusal | null {
  if (!policy.allowTwoFactor) return 'TWO_FACTOR_NOT_OFFERED';
  if (!isAvailable(policy, method)) return 'METHOD_NOT_AVAILABLE';
  if (by === 'self' && !isSelfService(policy, method)) return 'METHOD_NOT_SELF_SERVICE';
  if (!policy.codesMayStandAlone && !hasAuthenticatorApp) return 'AUTHENTICATOR_REQUIRED';
  return null;
}

export function assertMayAddFactor(question: AddFactorQuestion): void {
  const refusal = addFactorRefusal(question);
  if (refusal) throw new AppError(refusal);
}

/** Whether the actor adds the factor for themself or for someone else (staff, the console). */
export function addedBy(actor: Actor): 'self' | 'staff' {
  return actor.kind === 'self' ? 'self' : 'staff';
}

/**
 * The check every "add a text, call or e-mail factor" verb makes before a code is sent: the
 * account's policy, read now, and whether it already has an authenticator app, asked of the one
 * rule above for this actor. Returns the account, which the verb's own checks go on with.
 */
export async function checkMayAddFactor({ actor, userId, method }: { actor: Actor; userId: string; method: SentCodeMethod }) {
  const subject = await readSubject(userId);
  const { settings } = await getEffectivePolicy({ userId });
  assertMayAddFactor({ policy: settings, method, hasAuthenticatorApp: subject.hasAuthenticatorApp, by: addedBy(actor) });
  return subject;
}

/**
 * The same rule asked again when the code comes back (confirmPhone, confirmAlternateEmail), inside
 * the change's transaction, under the account's row lock, with the brand's row (and the member's
 * organisation's) locked FOR SHARE: a brand narrowed between the code sent and the code read back
 * ("codes only as a backup", then "the mailbox pays") refuses it with the same answer as adding,
 * and a brand change waits for this one (updateBrandSettings and updateBrandCredits lock the brand
 * FOR UPDATE), so neither decides on a count the other is changing.
 */
export async function recheckMayAddFactor(tx: Tx, { actor, userId, method }: { actor: Actor; userId: string; method: SentCodeMethod }): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Brand" WHERE "id" = (SELECT "brandId" FROM "User" WHERE "id" = ${userId}::uuid) FOR SHARE`;
  await tx.$queryRaw`SELECT 1 FROM "Organisation" WHERE "id" = (SELECT "organisationId" FROM "OrganisationMember" WHERE "userId" = ${userId}::uuid) FOR SHARE`;
  const { settings } = await getEffectivePolicy({ userId }, tx);
  const state = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totp: { select: { confirmedAt: true } } } });
  assertMayAddFactor({ policy: settings, method, hasAuthenticatorApp: hasAuthenticatorApp(state), by: addedBy(actor) });
}
