import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { groupSecret, totpUri } from '@/lib/core/factor-kinds/codes/totp-code';

export type TotpEnrolment = { uri: string; groupedSecret: string };

/** What the wizard shows while an enrolment waits for its first code; null otherwise. */
export async function getTotpEnrolment({ user }: { user: { id: string; email: string } }): Promise<TotpEnrolment | null> {
  const credential = await prisma.totpCredential.findUnique({
    where: { userId: user.id },
    select: { encryptedSecret: true, confirmedAt: true },
  });
  if (!credential || credential.confirmedAt) return null;
  const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: user.id });
  return { uri: totpUri({ secret, email: user.email }), groupedSecret: groupSecret(secret) };
}
