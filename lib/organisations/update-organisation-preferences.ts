import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { reauthenticateInOrganisation } from '@/lib/organisations/reauthenticate-in-organisation';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma, type Tx } from '@/lib/db/prisma';
import { Prisma } from '@/lib/db/generated/client';
import { AppError } from '@/lib/errors/app-error';
import { PHONE_ONLY_SQL } from '@/lib/core/factor-kinds/phone-only-sql';
import { lockOrganisation } from './change-membership';

/**
 * The "Business/Family Preferences": whether members may receive text and call codes paid from the
 * pool ("Allow SMS two-factor logins"). Turning them off is refused while a member signs in only
 * with a phone's codes (one re-enrolled after a reset): it would be locked out. Audited on the
 * administrator who changed it.
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
    // Under the organisation's lock (membership changes take it, and confirming a phone takes it
    // FOR SHARE), so no member joins or adds its only phone while this decides.
    await lockOrganisation(tx, organisationId);
    if (!allowSmsLogins) await assertNoPhoneOnlyMembers(tx, organisationId);
    await tx.organisation.update({ where: { id: organisationId }, data: { allowSmsLogins } });
    await recordAuditEvent(tx, { type: 'organisation.preferences_changed', actor, subjectId: actingUserId(actor), detail: { organisationId, allowSmsLogins } });
  });
}

/** Members whose only second factor is a phone: counted, never named (the administrator learns how many). */
async function assertNoPhoneOnlyMembers(tx: Tx, organisationId: string): Promise<void> {
  const [row] = await tx.$queryRaw<Array<{ count: number }>>(Prisma.sql`
    SELECT COUNT(*)::int AS "count"
      FROM "OrganisationMember" m JOIN "User" u ON u."id" = m."userId"
     WHERE m."organisationId" = ${organisationId}::uuid
       AND ${Prisma.raw(PHONE_ONLY_SQL)}`);
  const count = row?.count ?? 0;
  if (count === 0) return;
  throw new AppError('SMS_LOGINS_NEEDED_BY_MEMBERS', {
    fieldErrors: {
      allowSmsLogins: [
        `${count} ${count === 1 ? 'member has' : 'members have'} only a text or call code as ${count === 1 ? 'its' : 'their'} second factor: turning SMS logins off would lock ${count === 1 ? 'it' : 'them'} out. Ask ${count === 1 ? 'it' : 'them'} to add an authenticator app first.`,
      ],
    },
  });
}
