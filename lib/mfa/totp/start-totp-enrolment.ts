import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { createTotpSecret } from './totp-code';

/**
 * "Enable": a new secret, sealed at rest, waiting for its first code. Starting again replaces an
 * unconfirmed secret; a confirmed one is never touched here.
 */
export async function startTotpEnrolment({ userId }: { userId: string }): Promise<void> {
  const encryptedSecret = encryptSecret({ plaintext: createTotpSecret(), boundTo: userId });
  await prisma.$transaction(async (tx) => {
    const existing = await tx.totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } });
    if (existing?.confirmedAt) throw new AppError('MFA_ALREADY_ENABLED');
    await tx.totpCredential.upsert({
      where: { userId },
      create: { userId, encryptedSecret },
      update: { encryptedSecret, lastUsedStep: 0, createdAt: new Date() },
    });
  });
}
