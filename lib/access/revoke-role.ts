import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { RoleName } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { assertScopeFits } from './grant-role';

/** Takes a staff role away; sessions read roles on every request, so it ends at once. */
export async function revokeRole({ actor, userId, role, brandId }: { actor: Actor; userId: string; role: RoleName; brandId: string | null }): Promise<void> {
  await authorize(actor, 'role.grant', 'platform');
  assertScopeFits(role, brandId);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.roleGrant.deleteMany({ where: { userId, role, brandId } });
    if (count > 0) await recordAuditEvent(tx, { type: 'role.revoked', actor, subjectId: userId, detail: { role, brandId } });
  });
}
