import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { formatDateTime } from '@/lib/core/format';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { organisationKindWord } from './organisation-schema';

export const REMINDER_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * "Remind": an administrator e-mails a member without two-factor authentication to set it up, at
 * most once a day per member (claimed with a conditional update of `remindedAt`, so two presses at
 * once send one e-mail). The e-mail goes to the mailbox only and says nothing but the request.
 */
export async function remindMember({ actor, organisationId, userId, now = new Date() }: { actor: Actor; organisationId: string; userId: string; now?: Date }): Promise<void> {
  await authorize(actor, 'organisation.manage', { organisationId });
  const messageIds = await prisma.$transaction(async (tx) => {
    const member = await tx.organisationMember.findFirst({
      where: { organisationId, userId },
      select: { user: { select: { email: true, enrolmentDeadline: true, ...MFA_STATE_SELECT } }, organisation: { select: { name: true, kind: true } } },
    });
    if (!member) throw new AppError('MEMBER_NOT_FOUND');
    if (isMfaEnabled(member.user)) throw new AppError('REMINDER_NOT_NEEDED');
    const { count } = await tx.organisationMember.updateMany({
      where: { organisationId, userId, OR: [{ remindedAt: null }, { remindedAt: { lte: new Date(now.getTime() - REMINDER_INTERVAL_MS) } }] },
      data: { remindedAt: now },
    });
    if (count !== 1) throw new AppError('REMINDER_TOO_SOON');
    await recordAuditEvent(tx, { type: 'organisation.member_reminded', actor, subjectId: userId, detail: { organisationId } });
    const kind = organisationKindWord(member.organisation.kind).toLowerCase();
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const deadline = member.user.enrolmentDeadline;
    const id = await queueEmail(tx, {
      brand,
      to: member.user.email,
      subject: `Please set up two-factor authentication ("${member.organisation.name}")`,
      body: [
        `An administrator of your ${kind} account "${member.organisation.name}" asks you to set up two-factor authentication for ${member.user.email}.`,
        '',
        'Sign in and open Account Security: set up an authenticator app (such as Google Authenticator, Microsoft Authenticator,',
        '1Password or Aegis). From then on, signing in asks for a code from it after your password.',
        ...(deadline ? ['', `Your account must have it by ${formatDateTime(deadline)} UTC; after that, signing in needs it.`] : []),
      ].join('\n'),
    });
    return [id];
  });
  await deliverMessages(messageIds);
}
