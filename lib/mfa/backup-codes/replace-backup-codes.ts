import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '@/lib/core/hash-password';
import type { Tx } from '@/lib/db/prisma';
import { BACKUP_CODES_PER_SET, formatBackupCode, generateBackupCode } from '@/lib/core/factor-kinds/codes/backup-code-format';

/**
 * Replaces the user's whole set inside the caller's transaction (an account change, which holds
 * the account's row lock, so two parallel replacements cannot both leave a set behind) and returns
 * the new codes, the only time they exist in plain text. 80 bits is short of the 112 that NIST lets go unsalted, so
 * each is stored as a salted argon2id hash (63B 5.1.2.2).
 */
export async function replaceBackupCodes(tx: Tx, { userId }: { userId: string }): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODES_PER_SET }, generateBackupCode);
  const hashes = await Promise.all(codes.map((code) => hash(code, ARGON2_OPTIONS)));
  await tx.backupCode.deleteMany({ where: { userId } });
  await tx.backupCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return codes.map(formatBackupCode);
}
