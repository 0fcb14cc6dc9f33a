import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '@/lib/core/hash-password';
import type { Tx } from '@/lib/db/prisma';
import { BACKUP_CODES_PER_SET, formatBackupCode, generateBackupCode } from '@/lib/core/factor-kinds/codes/backup-code-format';

/** A new set of backup codes: the codes as shown once, and what is stored of them. */
export type BackupCodeSet = { codes: string[]; hashes: string[] };

/**
 * Makes a set, outside any transaction (the account change's `prepare`): 80 bits is short of the
 * 112 that NIST lets go unsalted, so each code is stored as a salted argon2id hash (63B 5.1.2.2),
 * and ten of them keep every core busy for a moment.
 */
export async function newBackupCodeSet(): Promise<BackupCodeSet> {
  const codes = Array.from({ length: BACKUP_CODES_PER_SET }, generateBackupCode);
  const hashes = await Promise.all(codes.map((code) => hash(code, ARGON2_OPTIONS)));
  return { codes: codes.map(formatBackupCode), hashes };
}

/**
 * Replaces the user's whole set with `set` inside the caller's transaction (an account change,
 * which holds the account's row lock, so two parallel replacements cannot both leave a set behind)
 * and returns the new codes, the only time they exist in plain text.
 */
export async function replaceBackupCodes(tx: Tx, { userId, set }: { userId: string; set: BackupCodeSet }): Promise<string[]> {
  await tx.backupCode.deleteMany({ where: { userId } });
  await tx.backupCode.createMany({ data: set.hashes.map((codeHash) => ({ userId, codeHash })) });
  return set.codes;
}
