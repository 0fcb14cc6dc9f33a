import { encryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { getPlatformPolicy } from '@/lib/policy/get-platform-policy';
import { isSelfService } from '@/lib/policy/platform-policy';
import { createTotpSecret } from './totp-code';

/**
 * "Enable": a new secret, sealed at rest, waiting for its first code. Starting again replaces an
 * unconfirmed secret; a confirmed one is never touched here.
 */
export async function startTotpEnrolment({ userId }: { userId: string }): Promise<void> {
  if (!isSelfService(await getPlatformPolicy(), 'totp')) {
    throw new AppError('METHOD_NOT_AVAILABLE', { message: 'Authenticator apps are set up by an administrator here. Please contact support.' });
  }
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
