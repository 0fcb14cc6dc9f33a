import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { ZEmailSchema } from '@/lib/users/email-schema';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { Prisma } from '@/lib/db/generated/client';
import type { OrganisationRole } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { organisationKindWord } from './organisation-schema';
import { assertRoleFitsKind, organisationRoleWithArticle } from './organisation-roles';

/**
 * The console operator's direct add, without the mailbox's consent: for the demo seed, tests and a
 * host moving its customers' families in. No role in the app grants it (`authorize` lets only the
 * console through); an administrator invites instead (`inviteMember`), and the mailbox accepts.
 * Adds a mailbox of the organisation's own brand, by its address. Refused for a mailbox of another
 * brand, one already in this or another organisation (the membership's key is the mailbox, so two
 * adding it at once cannot both succeed): the operator, unlike an administrator, may be told why.
 * Audited on the operator, and the mailbox is told by e-mail.
 */
export async function addMember({
  actor,
  organisationId,
  email,
  role = 'MEMBER',
}: {
  actor: Actor;
  organisationId: string;
  email: string;
  role?: OrganisationRole;
}): Promise<{ userId: string; email: string }> {
  const organisation = await authorize(actor, 'organisation.add_member_directly', { organisationId });
  await assertRoleFitsKind(organisationId, role);
  const address = ZEmailSchema.safeParse(email);
  if (!address.success) throw new AppError('INVALID_INPUT', { fieldErrors: { email: address.error.issues.map((issue) => issue.message) } });
  const user = await prisma.user.findUnique({
    where: { email: address.data },
    select: { id: true, email: true, brandId: true, organisationMembership: { select: { organisationId: true } } },
  });
  // Only the organisation's own brand: a mailbox of another provider is refused by name, so the
  // administrator knows why rather than guessing at a typo.
  if (!user || organisation === 'platform' || user.brandId !== organisation.brandId) throw new AppError(user ? 'MEMBER_OTHER_BRAND' : 'USER_NOT_FOUND');
  if (user.organisationMembership) {
    throw new AppError(user.organisationMembership.organisationId === organisationId ? 'MEMBER_ALREADY_ADDED' : 'MEMBER_IN_OTHER_ORGANISATION');
  }
  try {
    const messageIds = await prisma.$transaction(async (tx) => {
      const row = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true, kind: true } });
      await tx.organisationMember.create({ data: { userId: user.id, organisationId, role } });
      const brand = await readOrganisationMessageBrand(tx, { organisationId });
      await recordAuditEvent(tx, { type: 'organisation.member_added', actor, subjectId: user.id, detail: { organisationId, role } });
      const id = await queueEmail(tx, {
        brand,
        to: user.email,
        subject: `You were added to the ${organisationKindWord(row.kind).toLowerCase()} account "${row.name}"`,
        body: [
          `Your mailbox ${user.email} is now ${organisationRoleWithArticle(role)} of the ${organisationKindWord(row.kind).toLowerCase()} account "${row.name}".`,
          '',
          'Its administrators see whether your two-factor authentication is on (never your phones or codes), and',
          'when they allow SMS two-factor logins, the texts and calls that bring your sign-in codes are paid from its SMS credits.',
          'If you did not expect this, contact your provider.',
        ].join('\n'),
      });
      return [id];
    });
    await deliverMessages(messageIds);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('MEMBER_IN_OTHER_ORGANISATION');
    throw error;
  }
  return { userId: user.id, email: user.email };
}
