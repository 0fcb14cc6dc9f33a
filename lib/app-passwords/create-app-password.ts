import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { checkAppPasswordName } from './app-password-name';
import { generateAppPassword, hashAppPassword, normalizeAppPassword } from './app-password-secret';
import { APP_PASSWORD_SLOTS, MAX_APP_PASSWORDS } from './app-password-slots';

export type CreatedAppPassword = { id: string; name: string; password: string; createdAt: Date };

/**
 * "Create app password": Gatehouse generates the password (the user never chooses it), stores
 * only its keyed hash and returns it this once. Only the owner may create one (authorize), after
 * re-authentication like any other new way in, and only while the brand allows app passwords.
 * Audited and e-mailed in the transaction that creates it (the account-change frame).
 */
export async function createAppPassword({
  actor,
  userId,
  name,
  code = null,
}: {
  actor: Actor;
  userId: string;
  name: string;
  /** Re-authentication: a current code, when the actor's last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<CreatedAppPassword> {
  const password = generateAppPassword();
  const secretHash = hashAppPassword({ userId, password: normalizeAppPassword(password) ?? password });
  let checkedName = '';
  try {
    const row = await changeAccount(
      {
        actor,
        userId,
        action: 'app_password.create',
        reauth: { code, exceptOwnerWithoutFactor: true },
        audit: 'app_password.created',
        notice: 'app_password.created',
        check: async () => {
          checkedName = checkAppPasswordName(name);
          if (!(await getEffectivePolicy({ userId })).settings.allowAppPasswords) throw new AppError('APP_PASSWORDS_NOT_ALLOWED');
          // Checked before re-authentication too, so a full list never costs the user a backup
          // code; the change decides for real.
          if ((await prisma.appPassword.count({ where: { userId } })) >= MAX_APP_PASSWORDS) throw new AppError('APP_PASSWORD_LIMIT');
        },
      },
      async (tx) => {
        // Behind the account's lock, two parallel creations at three see each other: the second
        // finds no free slot. The unique (userId, slot) index holds even for a writer that skips it.
        const taken = new Set((await tx.appPassword.findMany({ where: { userId }, select: { slot: true } })).map((held) => held.slot));
        const slot = APP_PASSWORD_SLOTS.find((candidate) => !taken.has(candidate));
        if (!slot) throw new AppError('APP_PASSWORD_LIMIT');
        const row = await tx.appPassword.create({
          data: { userId, slot, name: checkedName, secretHash },
          select: { id: true, name: true, createdAt: true },
        });
        return { result: row, detail: { appPasswordId: row.id, name: row.name }, what: `“${row.name}”` };
      },
    );
    return { ...row, password };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('APP_PASSWORD_LIMIT');
    throw error;
  }
}
