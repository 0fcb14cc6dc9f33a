import type { Actor } from '@/lib/core/actor';
import { changeAccount } from '@/lib/access/change-account';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { readSubject } from '@/lib/users/read-subject';
import { newBackupCodeSet, replaceBackupCodes, type BackupCodeSet } from './replace-backup-codes';

/**
 * "Show Codes": a fresh set that replaces the old one, after re-authentication (a second factor
 * proven in the last few minutes, or `code` now); the user is told by e-mail.
 */
export async function createNewBackupCodes({
  actor,
  userId,
  code = null,
}: {
  actor: Actor;
  userId: string;
  code?: TSecondFactorCode | null;
}): Promise<string[]> {
  let set = null as BackupCodeSet | null;
  return changeAccount(
    {
      actor,
      userId,
      action: 'backup_codes.replace',
      reauth: { code },
      audit: 'backup_codes.regenerated',
      notice: 'backup_codes.regenerated',
      check: async () => {
        if (!(await readSubject(userId)).isMfaEnabled) throw new AppError('MFA_NOT_ENABLED');
      },
      prepare: async () => {
        set = await newBackupCodeSet();
      },
    },
    async (tx) => {
      if (!set) throw new Error('createNewBackupCodes: the change ran before its codes were made');
      return { result: await replaceBackupCodes(tx, { userId, set }) };
    },
  );
}
