import { randomUUID } from 'node:crypto';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { replaceBackupCodes } from '@/lib/mfa/backup-codes/replace-backup-codes';
import { createTotpSecret } from '@/lib/mfa/totp/totp-code';
import { createUser } from '@/lib/users/create-user';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A request from its own address, so per-IP limits of one test never touch another's. */
export function testRequest(): RequestContext {
  const n = () => Math.floor(Math.random() * 250) + 1;
  return { ip: `10.${n()}.${n()}.${n()}`, userAgent: 'vitest' };
}

/** A fresh user for one test; with `withTotp`, MFA is on and the secret and codes are returned. */
export async function createTestUser({ withTotp = false }: { withTotp?: boolean } = {}) {
  const email = `user-${randomUUID()}@example.test`;
  const user = await createUser({ email, password: TEST_PASSWORD });
  if (!withTotp) return { ...user, password: TEST_PASSWORD, totpSecret: null, backupCodes: [] as string[] };
  const totpSecret = createTotpSecret();
  const backupCodes = await prisma.$transaction(async (tx) => {
    await tx.totpCredential.create({
      data: {
        userId: user.id,
        encryptedSecret: encryptSecret({ plaintext: totpSecret, boundTo: user.id }),
        confirmedAt: new Date(),
      },
    });
    return replaceBackupCodes(tx, { userId: user.id });
  });
  return { ...user, password: TEST_PASSWORD, totpSecret, backupCodes };
}
