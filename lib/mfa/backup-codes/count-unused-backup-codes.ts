import { prisma } from '@/lib/db/prisma';

export function countUnusedBackupCodes({ userId }: { userId: string }): Promise<number> {
  return prisma.backupCode.count({ where: { userId, usedAt: null } });
}
