import { roleWord } from '@/lib/core/roles';
import { prisma } from '@/lib/db/prisma';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';

/** Every account with its brand, staff roles and two-factor state: the console's `user list`. */
export async function listUsers() {
  const users = await prisma.user.findMany({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      email: true,
      createdAt: true,
      brandId: true,
      brand: { select: { slug: true } },
      roleGrants: { select: { role: true, brand: { select: { slug: true } } } },
      ...MFA_STATE_SELECT,
    },
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    brand: user.brand.slug,
    brandId: user.brandId,
    roles: user.roleGrants.map((grant) => (grant.brand ? `${roleWord(grant.role)}@${grant.brand.slug}` : roleWord(grant.role))),
    isMfaEnabled: isMfaEnabled(user),
    unusedBackupCodes: user._count.backupCodes ?? 0,
    createdAt: user.createdAt,
  }));
}
