import { prisma } from '@/lib/db/prisma';

export async function listUsers() {
  const users = await prisma.user.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      totp: { select: { confirmedAt: true } },
      _count: { select: { backupCodes: { where: { usedAt: null } } } },
    },
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    role: user.role,
    isMfaEnabled: Boolean(user.totp?.confirmedAt),
    unusedBackupCodes: user._count.backupCodes,
    createdAt: user.createdAt,
  }));
}
