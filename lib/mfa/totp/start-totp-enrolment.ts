import { encryptSecret } from '@/lib/crypto/secret-box';
import { lockUser } from '@/lib/db/lock-user';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { isSelfService } from '@/lib/policy/policy-settings';
import { createTotpSecret } from '@/lib/core/factor-kinds/codes/totp-code';

/**
 * "Enable": a new secret, sealed at rest, waiting for its first code. Starting again replaces an
 * unconfirmed secret; a confirmed one is never touched here.
 */
export async function startTotpEnrolment({ actor, userId }: { actor: Actor; userId: string }): Promise<void> {
  await authorize(actor, 'authenticator.enrol', { userId });
  const { settings } = await getEffectivePolicy({ userId });
  // A brand that does not offer two-factor authentication lets nobody start it.
  if (!settings.allowTwoFactor) throw new AppError('TWO_FACTOR_NOT_OFFERED');
  if (!isSelfService(settings, 'totp')) throw new AppError('METHOD_NOT_SELF_SERVICE');
  const encryptedSecret = encryptSecret({ plaintext: createTotpSecret(), boundTo: userId });
  await prisma.$transaction(async (tx) => {
    await lockUser(tx, { userId });
    // Only an unconfirmed secret is ever replaced: a second "Enable" racing the wizard's last
    // step must not overwrite the secret that step just confirmed.
    const { count } = await tx.totpCredential.updateMany({
      where: { userId, confirmedAt: null },
      data: { encryptedSecret, lastUsedStep: 0, createdAt: new Date() },
    });
    if (count === 1) return;
    if (await tx.totpCredential.findUnique({ where: { userId }, select: { id: true } })) throw new AppError('MFA_ALREADY_ENABLED');
    await tx.totpCredential.create({ data: { userId, encryptedSecret } });
  });
}
