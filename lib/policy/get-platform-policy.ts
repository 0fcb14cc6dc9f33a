import { prisma } from '@/lib/db/prisma';
import { DEFAULT_PLATFORM_POLICY, ZPlatformPolicySchema, type TPlatformPolicy } from './platform-policy';

/** The policy in force: the stored row, or the defaults when an administrator never changed it. */
export async function getPlatformPolicy(): Promise<TPlatformPolicy> {
  const row = await prisma.platformPolicy.findUnique({ where: { id: 1 } });
  return row ? ZPlatformPolicySchema.parse(row) : { ...DEFAULT_PLATFORM_POLICY };
}
