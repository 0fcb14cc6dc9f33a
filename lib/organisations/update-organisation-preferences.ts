import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
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
  code = null,
}: {
  actor: Actor;
  organisationId: string;
  allowSmsLogins: boolean;
  /** The administrator's current code, when turning SMS logins on and its last second factor is not recent. */
  code?: TSecondFactorCode | null;
}): Promise<void> {
  await authorize(actor, 'organisation.manage', { organisationId });
  // Turning SMS logins on lets every member's sign-in spend the pool: the administrator's recent
  // second factor, as for buying. Turning them off only narrows, and asks nothing more.
  const before = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { allowSmsLogins: true } });
  if (allowSmsLogins && !before.allowSmsLogins) await reauthenticateInOrganisation({ actor, code });
  await prisma.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: organisationId }, data: { allowSmsLogins } });
    await recordAuditEvent(tx, { type: 'organisation.preferences_changed', actor, subjectId: actingUserId(actor), detail: { organisationId, allowSmsLogins } });
  });
}
