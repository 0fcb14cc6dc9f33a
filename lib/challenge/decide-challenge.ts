import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { addressKey } from '@/lib/geo/address-key';
import { countryOfIp } from '@/lib/geo/country-of-ip';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { effectiveChallengePolicy } from './challenge-policies';

/**
 * After the right password of an account with a second factor: is the code asked for? "Always"
 * (the default, and every staff account) answers without reading anything more, so the common
 * sign-in costs nothing extra. Otherwise the policy in force under the account's brand decides,
 * and only a location remembered after an earlier second factor spares the code. An address with
 * no country (private, reserved, unknown) is always a new country.
 */
export async function decideChallenge({
  account,
  ip,
}: {
  account: { id: string; challengePolicy: ChallengePolicy; isStaff: boolean };
  ip: string;
}): Promise<{ isAsked: boolean; policy: ChallengePolicy }> {
  if (account.challengePolicy === 'ALWAYS' || account.isStaff) return { isAsked: true, policy: 'ALWAYS' };
  const { settings } = await getEffectivePolicy({ userId: account.id });
  const policy = effectiveChallengePolicy({ chosen: account.challengePolicy, settings, isStaff: account.isStaff });
  switch (policy) {
    case 'ALWAYS':
      return { isAsked: true, policy };
    case 'NEVER':
      return { isAsked: false, policy };
    case 'NEW_IP':
      return { isAsked: !(await isRemembered(account.id, 'IP', addressKey(ip))), policy };
    case 'NEW_COUNTRY':
      return { isAsked: !(await isRemembered(account.id, 'COUNTRY', countryOfIp(ip))), policy };
  }
}

async function isRemembered(userId: string, kind: 'IP' | 'COUNTRY', value: string | null): Promise<boolean> {
  if (!value) return false;
  const row = await prisma.rememberedLocation.findFirst({
    where: { userId, kind, value, secondFactorAt: { not: null } },
    select: { id: true },
  });
  return row !== null;
}
