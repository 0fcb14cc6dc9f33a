import { z } from 'zod';
import { changeAccount } from '@/lib/access/change-account';
import { actingUserId, type Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { assertNotOnlyPhoneCodes } from './member-factors';
import { organisationKindWord, ZOrganisationKindSchema, ZOrganisationNameSchema } from './organisation-schema';

const ZOwnOrganisationSchema = z.object({ name: ZOrganisationNameSchema, kind: ZOrganisationKindSchema });
const ZNewOrganisationSchema = ZOwnOrganisationSchema.extend({ adminEmail: z.string() });

function isMembershipKeyTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Whether this mailbox may found an account of its own: its brand allows family and business
 * accounts, it has a second factor (an administrator holds members' security and the pool's
 * money), and it belongs to none yet. `db` is the change's transaction when asked under the lock.
 */
async function assertMayCreateOwn(userId: string, db: Pick<Tx, 'user' | 'organisationMember'> = prisma): Promise<void> {
  const { settings } = await getEffectivePolicy({ userId });
  if (!settings.allowOrganisations) throw new AppError('ORGANISATIONS_NOT_ALLOWED');
  const user = await db.user.findUnique({ where: { id: userId }, select: MFA_STATE_SELECT });
  if (!user) throw new AppError('USER_NOT_FOUND');
  if (!isMfaEnabled(user)) throw new AppError('ORGANISATION_NEEDS_TWO_FACTOR');
  // A new organisation has SMS logins off and an empty pool: a phone-only founder would be locked out.
  assertNotOnlyPhoneCodes(user);
  if (await db.organisationMember.findUnique({ where: { userId }, select: { userId: true } })) throw new AppError('ALREADY_IN_ORGANISATION');
}

/**
 * "Create a family or business account" on Account Security: the signed-in mailbox founds one in
 * its own brand and becomes its administrator, through the account-change frame (authorised as
 * the owner, never from a restricted login; the refusals decided again under the mailbox's lock;
 * one audit row and a notice in the same transaction).
 */
export async function createOwnOrganisation({
  actor,
  organisation,
}: {
  actor: Actor;
  organisation: { name: unknown; kind: unknown };
}): Promise<{ id: string; name: string }> {
  const userId = actingUserId(actor);
  if (actor.kind !== 'self' || !userId) throw new AppError('FORBIDDEN');
  const parsed = ZOwnOrganisationSchema.safeParse(organisation);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  const { name, kind } = parsed.data;
  try {
    return await changeAccount(
      {
        actor,
        userId,
        action: 'organisation.create_own',
        reauth: 'none',
        audit: 'organisation.created',
        notice: 'organisation.created',
        check: () => assertMayCreateOwn(userId),
      },
      async (tx, mailbox) => {
        await assertMayCreateOwn(userId, tx);
        const created = await tx.organisation.create({
          data: { brandId: mailbox.brandId, name, kind, members: { create: { userId, role: 'ADMINISTRATOR' } } },
          select: { id: true, name: true },
        });
        return {
          result: created,
          detail: { organisationId: created.id, name: created.name, kind, role: 'ADMINISTRATOR' },
          what: `the ${organisationKindWord(kind).toLowerCase()} account "${created.name}"`,
        };
      },
    );
  } catch (error) {
    // Two "Create" posts at once: the membership's key lets one through.
    if (isMembershipKeyTaken(error)) throw new AppError('ALREADY_IN_ORGANISATION');
    throw error;
  }
}

/**
 * A family or business account in the brand of its first administrator, who becomes its first
 * member. A mailbox belongs to at most one organisation (the membership's key is the mailbox).
 */
export async function createOrganisation({
  actor,
  organisation,
}: {
  actor: Actor;
  organisation: { name: string; kind: string; adminEmail: string };
}): Promise<{ id: string; name: string }> {
  const parsed = ZNewOrganisationSchema.safeParse(organisation);
  if (!parsed.success) throw new AppError('INVALID_INPUT', { fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  const admin = await prisma.user.findUnique({
    where: { email: parsed.data.adminEmail.trim().toLowerCase() },
    select: { id: true, brandId: true, organisationMembership: { select: { organisationId: true } } },
  });
  if (!admin) throw new AppError('USER_NOT_FOUND');
  await authorize(actor, 'organisation.create', { brandId: admin.brandId });
  if (admin.organisationMembership) throw new AppError('MEMBER_IN_OTHER_ORGANISATION');
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.organisation.create({
        data: {
          brandId: admin.brandId,
          name: parsed.data.name,
          kind: parsed.data.kind,
          members: { create: { userId: admin.id, role: 'ADMINISTRATOR' } },
        },
        select: { id: true, name: true },
      });
      await recordAuditEvent(tx, {
        type: 'organisation.created',
        actor,
        subjectId: admin.id,
        detail: { organisationId: created.id, name: created.name, kind: parsed.data.kind, role: 'ADMINISTRATOR' },
      });
      return created;
    });
  } catch (error) {
    // The same mailbox made the administrator of two new accounts at once: its membership key decides.
    if (isMembershipKeyTaken(error)) throw new AppError('MEMBER_IN_OTHER_ORGANISATION');
    throw error;
  }
}
