import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma } from '@/lib/db/prisma';

/**
 * The "Business/Family Preferences": whether members may receive text and call codes paid from the
 * pool ("Allow SMS two-factor logins"). Audited on the administrator who changed it.
 */
export async function updateOrganisationPreferences({
  actor,
  organisationId,
  allowSmsLogins,
}: {
  actor: Actor;
  organisationId: string;
  allowSmsLogins: boolean;
}): Promise<void> {
  await authorize(actor, 'organisation.manage', { organisationId });
  await prisma.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: organisationId }, data: { allowSmsLogins } });
    await recordAuditEvent(tx, { type: 'organisation.preferences_changed', actor, subjectId: actingUserId(actor), detail: { organisationId, allowSmsLogins } });
  });
}
