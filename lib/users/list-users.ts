import { prisma } from '@/lib/db/prisma';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/mfa/second-factor-kinds';

export async function listUsers() {
  const users = await prisma.user.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      totp: MFA_STATE_SELECT.totp,
      alternateEmail: MFA_STATE_SELECT.alternateEmail,
      _count: { select: { phones: true, backupCodes: { where: { usedAt: null } } } },
    },
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    role: user.role,
    isMfaEnabled: isMfaEnabled(user),
    unusedBackupCodes: user._count.backupCodes,
    createdAt: user.createdAt,
  }));
}
