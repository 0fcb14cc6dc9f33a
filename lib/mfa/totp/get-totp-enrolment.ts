import { decryptSecret } from '@/lib/crypto/secret-box';
import { prisma } from '@/lib/db/prisma';
import { groupSecret, totpIssuer, totpUri } from '@/lib/core/factor-kinds/codes/totp-code';

/** `issuer` is the name the app lists the entry under (the mailbox's brand), beside the address. */
export type TotpEnrolment = { uri: string; groupedSecret: string; issuer: string };

/** What the wizard shows while an enrolment waits for its first code; null otherwise. */
export async function getTotpEnrolment({ user }: { user: { id: string; email: string } }): Promise<TotpEnrolment | null> {
  const row = await prisma.user.findUnique({
    where: { id: user.id },
    select: { brand: { select: { name: true } }, totp: { select: { encryptedSecret: true, confirmedAt: true } } },
  });
  const credential = row?.totp;
  if (!row || !credential || credential.confirmedAt) return null;
  const secret = decryptSecret({ sealed: credential.encryptedSecret, boundTo: user.id });
  return {
    uri: totpUri({ secret, email: user.email, brandName: row.brand.name }),
    groupedSecret: groupSecret(secret),
    issuer: totpIssuer(row.brand.name),
  };
}
