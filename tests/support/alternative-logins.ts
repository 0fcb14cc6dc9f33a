// Alternative logins written straight to the database: test setup for the sign-in side, not the
// Alternative Logins page's verbs (their own tests make them through those). Vitest only.
import { generateOneTimePassword, hashOneTimePassword, ONE_TIME_LIST_SIZE, splitOneTimeLogin } from '@/lib/alternative-logins/one-time-password-secret';
import { hashPassword } from '@/lib/core/hash-password';
import { prisma } from '@/lib/db/prisma';

/** An SMS password for `userId`, with its mobile number marked on `phoneId` when given. */
export async function createTestSmsPassword(
  userId: string,
  { password, isRestricted = true, mobilePhoneId = null }: { password: string; isRestricted?: boolean; mobilePhoneId?: string | null },
) {
  if (mobilePhoneId) await prisma.phone.update({ where: { id: mobilePhoneId }, data: { isMobileForSms: true } });
  return prisma.alternativeLogin.create({
    data: { userId, kind: 'SMS_PASSWORD', isRestricted, secretHash: await hashPassword(password) },
    select: { id: true },
  });
}

/** A one-time list for `userId`: its printed lines, in order, and its row. */
export async function createTestOneTimeList(userId: string, { prefix = null, isRestricted = true }: { prefix?: string | null; isRestricted?: boolean } = {}) {
  const lines = Array.from({ length: ONE_TIME_LIST_SIZE }, () => generateOneTimePassword());
  const login = await prisma.alternativeLogin.create({
    data: {
      userId,
      kind: 'ONE_TIME_LIST',
      isRestricted,
      secretHash: prefix ? await hashPassword(prefix) : null,
      oneTimePasswords: {
        create: lines.map((line, index) => ({
          position: index + 1,
          secretHash: hashOneTimePassword({ userId, letters: splitOneTimeLogin(line)?.letters ?? '' }),
        })),
      },
    },
    select: { id: true },
  });
  return { login, lines };
}
