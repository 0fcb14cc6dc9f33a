import { z } from 'zod';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { ZOrganisationKindSchema, ZOrganisationNameSchema } from './organisation-schema';

const ZNewOrganisationSchema = z.object({ name: ZOrganisationNameSchema, kind: ZOrganisationKindSchema, adminEmail: z.string() });

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
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('MEMBER_IN_OTHER_ORGANISATION');
    throw error;
  }
}
