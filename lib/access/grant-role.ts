import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { RoleName } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { isBrandRole } from '@/lib/core/roles';

/**
 * Gives a person a staff role, in the platform or in one brand. Granting again what is already
 * held changes nothing. Only the platform's administrators (and the console) grant roles.
 */
export async function grantRole({ actor, userId, role, brandId }: { actor: Actor; userId: string; role: RoleName; brandId: string | null }): Promise<void> {
  await authorize(actor, 'role.grant', 'platform');
  assertScopeFits(role, brandId);
  await prisma.$transaction(async (tx) => {
    // Serialised per person, so two grants of one role cannot both insert (a null brand is not
    // caught by the unique index: PostgreSQL treats nulls as distinct).
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
    if (await tx.roleGrant.findFirst({ where: { userId, role, brandId }, select: { id: true } })) return;
    await tx.roleGrant.create({ data: { userId, role, brandId } });
    // Staff accounts have no alternative logins: those it had go now, with the sessions they
    // opened, so no kiosk session of the account becomes a way into other mailboxes.
    const { count: alternativeLoginsDeleted } = await tx.alternativeLogin.deleteMany({ where: { userId } });
    await recordAuditEvent(tx, { type: 'role.granted', actor, subjectId: userId, detail: { role, brandId, alternativeLoginsDeleted } });
  });
}

export function assertScopeFits(role: RoleName, brandId: string | null): void {
  if (isBrandRole(role) && brandId === null) throw new AppError('ROLE_NEEDS_BRAND');
  if (!isBrandRole(role) && brandId !== null) throw new AppError('ROLE_TAKES_NO_BRAND');
}
