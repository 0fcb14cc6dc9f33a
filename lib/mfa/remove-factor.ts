import type { Actor } from '@/lib/core/actor';
import type { AuditEventType } from '@/lib/audit/record-audit-event';
import { changeAccount } from '@/lib/access/change-account';
import type { Prisma } from '@/lib/db/generated/client';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from './code-schema';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';

/**
 * Removing one factor, whatever its kind: after re-authentication, never the last one (that would
 * turn two-factor off without the password, which is what "Disable" asks for), audited, and the
 * owner told by e-mail. `remove` deletes the factor inside the frame's transaction, behind the
 * account's lock, so two parallel removals cannot each leave the other as the last factor.
 */
export async function removeFactor({
  actor,
  userId,
  code,
  remove,
  event,
  what,
}: {
  actor: Actor;
  userId: string;
  code: TSecondFactorCode | null;
  remove: (tx: Tx) => Promise<unknown>;
  event: { type: AuditEventType; detail: Prisma.InputJsonObject };
  /** How the e-mail names the factor: "the backup phone +141••••••32". */
  what: string;
}): Promise<void> {
  const removeKeepingAFactor = async (tx: Tx) => {
    await remove(tx);
    if (!isMfaEnabled(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: MFA_STATE_SELECT }))) throw new AppError('LAST_FACTOR');
  };
  await changeAccount(
    {
      actor,
      userId,
      action: 'factor.remove',
      reauth: { code },
      audit: event.type,
      notice: 'factor.removed',
      // The last factor is refused before re-authentication, so refusing it never costs the owner
      // the backup code they typed to prove themselves. Whether a factor would remain depends on
      // what `remove` deletes, so the removal is tried in a transaction that is always rolled back;
      // the change tries it again behind the lock.
      check: () => dryRun(removeKeepingAFactor),
    },
    async (tx) => {
      await removeKeepingAFactor(tx);
      return { result: undefined, detail: event.detail, what };
    },
  );
}

const ROLLED_BACK = Symbol('rolled back');

/** Runs `body` in a transaction that never commits; its refusals are thrown, nothing is kept. */
async function dryRun(body: (tx: Tx) => Promise<void>): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      await body(tx);
      throw ROLLED_BACK;
    });
  } catch (error) {
    if (error !== ROLLED_BACK) throw error;
  }
}
