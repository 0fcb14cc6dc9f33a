import { authorizeAccountChange, changeAccount } from '@/lib/access/change-account';
import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { readOrganisationOf } from '@/lib/core/authorize';
import { MAX_REASON_LENGTH } from '@/lib/core/staff-reason';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { prisma, type Tx } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { removeEverySecondFactor } from '@/lib/mfa/remove-every-second-factor';
import { deliverMessages } from '@/lib/notify/deliver-messages';
import { readOrganisationMessageBrand } from '@/lib/messaging/message-brand';
import { queueEmail } from '@/lib/notify/queue-email';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { lockOrganisation } from './change-membership';

/** How long an administrator's reset of another administrator waits for a second one. */
export const RESET_REQUEST_HOURS = 24;

export type MemberResetRequest = {
  actor: Actor;
  /** The organisation the administrator's page showed: a member of any other is refused. */
  organisationId: string;
  /** The member whose second factors go. */
  userId: string;
  /** Why: kept in the audit row, as support's reason is. */
  reason: string;
  /** The administrator's own current code, when their last second factor is over 10 minutes old. */
  code?: TSecondFactorCode | null;
};

/**
 * "Reset two-factor authentication" for a member of a family or business account who lost their
 * phone: what support's "Disable 2FA" does (removeEverySecondFactor), through the account-change
 * frame with the administrator as the actor: authorised (an administrator of the member's own
 * organisation), a written reason, the administrator's recent second factor, then under the
 * member's lock the change, one audit row and the notice to the member and its alternate address.
 * Business accounts' administrators always may; family accounts' where the brand's
 * familyAdminsMayReset is on. On another administrator nothing changes yet: a request waits for a
 * second administrator (confirmMemberReset), so one taken-over administrator cannot strip the others;
 * so does one set aside as administrator in the last 24 hours (countsAsAdministrator).
 */
export async function resetMemberTwoFactor({
  actor,
  organisationId,
  userId,
  reason,
  code = null,
}: MemberResetRequest): Promise<{ kind: 'reset'; removed: string[] } | { kind: 'requested'; requestId: string; expiresAt: Date }> {
  if (actingUserId(actor) === userId) throw new AppError('MEMBER_RESET_OWN_ACCOUNT');
  const why = requireAdministratorReason(reason);
  let isAdministrator = false;
  // Authorised, then the organisation's rules (after authorisation, so a forged post about a
  // stranger learns nothing, and before the administrator's code is spent), then the code.
  await authorizeAccountChange({
    actor,
    userId,
    action: 'organisation_member.two_factor_reset',
    reauth: { code },
    check: async () => {
      isAdministrator = (await assertMayReset({ organisationId, userId })).isAdministrator;
    },
  });
  if (isAdministrator) return requestAdministratorReset({ actor, organisationId, userId, reason: why });
  // The frame authorises again and finds the factor just proven recent.
  const removed = await resetInFrame({ actor, organisationId, userId, reason: why, code: null, expectAdministrator: false });
  return { kind: 'reset', removed };
}

/**
 * The change itself, in the frame, by the administrator acting now: the plain reset of a member, or
 * the confirmation of a waiting request (`confirm` marks it used in the same transaction).
 */
export async function resetInFrame({
  actor,
  organisationId,
  userId,
  reason,
  code,
  expectAdministrator,
  confirm,
}: {
  actor: Actor;
  organisationId: string;
  userId: string;
  reason: string;
  code: TSecondFactorCode | null;
  expectAdministrator: boolean;
  confirm?: (tx: Tx) => Promise<void>;
}): Promise<string[]> {
  return changeAccount(
    {
      actor,
      userId,
      action: 'organisation_member.two_factor_reset',
      reauth: { code },
      audit: 'organisation.member_two_factor_reset',
      notice: 'organisation.two_factor_reset',
      check: async () => {
        await assertMayReset({ organisationId, userId });
      },
    },
    async (tx, mailbox) => {
      // Decided again under the locks: the member still belongs to this organisation, in the role
      // the path was chosen for, and the actor is still one of its administrators.
      await lockOrganisation(tx, organisationId);
      const organisation = await readOrganisationOf(tx, mailbox.id);
      const actorId = actingUserId(actor);
      if (organisation?.id !== organisationId) throw new AppError('MEMBER_NOT_FOUND');
      if (!actorId || !organisation.administratorIds.includes(actorId)) throw new AppError('FORBIDDEN');
      const membership = await tx.organisationMember.findUnique({ where: { userId: mailbox.id }, select: { role: true, demotedAt: true } });
      if (!membership || countsAsAdministrator(membership) !== expectAdministrator) throw new AppError('MEMBER_NOT_FOUND');
      await confirm?.(tx);
      const { removed, detail } = await removeEverySecondFactor(tx, { userId: mailbox.id, revokeAppPasswords: false });
      const { name } = await tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true } });
      return { result: removed, detail: { organisationId, reason, ...detail }, what: `\u201c${name}\u201d` };
    },
  );
}

/**
 * Whether this organisation's administrators may reset this member: the member belongs to it
 * (`MEMBER_NOT_FOUND` otherwise: the posted organisation and the member's must agree), and the
 * organisation is a business account or its brand lets family administrators reset.
 */
export async function assertMayReset({ organisationId, userId }: { organisationId: string; userId: string }): Promise<{ isAdministrator: boolean }> {
  const membership = await prisma.organisationMember.findUnique({
    where: { userId },
    select: { role: true, demotedAt: true, organisation: { select: { id: true, kind: true, brandId: true } } },
  });
  if (!membership || membership.organisation.id !== organisationId) throw new AppError('MEMBER_NOT_FOUND');
  if (membership.organisation.kind === 'FAMILY') {
    const { settings } = await getEffectivePolicy({ brandId: membership.organisation.brandId });
    if (!settings.familyAdminsMayReset) throw new AppError('MEMBER_RESET_NOT_ALLOWED');
  }
  return { isAdministrator: countsAsAdministrator(membership) };
}

/**
 * An administrator, or one made a member or billing contact in the last 24 hours: otherwise one
 * administrator could demote another and reset it at once, with no second administrator.
 */
export function countsAsAdministrator({ role, demotedAt }: { role: string; demotedAt: Date | null }, now: Date = new Date()): boolean {
  if (role === 'ADMINISTRATOR') return true;
  return demotedAt !== null && now.getTime() - demotedAt.getTime() < RESET_REQUEST_HOURS * 60 * 60 * 1000;
}

/** An administrator's reason, as support's: written, and not an essay. */
export function requireAdministratorReason(reason: string | null | undefined): string {
  const trimmed = (reason ?? '').trim();
  if (trimmed.length === 0) throw new AppError('REASON_REQUIRED');
  if (trimmed.length > MAX_REASON_LENGTH) throw new AppError('REASON_TOO_LONG');
  return trimmed;
}

async function requestAdministratorReset({
  actor,
  organisationId,
  userId,
  reason,
}: {
  actor: Actor;
  organisationId: string;
  userId: string;
  reason: string;
}): Promise<{ kind: 'requested'; requestId: string; expiresAt: Date }> {
  const requestedById = actingUserId(actor);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + RESET_REQUEST_HOURS * 60 * 60 * 1000);
  const { request, messageIds } = await prisma.$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    const waiting = await tx.organisationResetRequest.count({ where: { organisationId, memberId: userId, status: 'PENDING', expiresAt: { gt: now } } });
    if (waiting > 0) throw new AppError('MEMBER_RESET_PENDING');
    const created = await tx.organisationResetRequest.create({
      data: { organisationId, memberId: userId, requestedById, reason, expiresAt },
      select: { id: true, expiresAt: true, organisation: { select: { name: true } }, member: { select: { email: true } } },
    });
    await recordAuditEvent(tx, {
      type: 'organisation.member_reset_requested',
      actor,
      subjectId: userId,
      detail: { organisationId, reason, requestId: created.id, expiresAt: created.expiresAt.toISOString() },
    });
    // Every other administrator hears of it at once, the one to be reset included: if the one who
    // asked is not who they seem, any of them can cancel it before a second one confirms.
    // (A recently demoted one is among them through being the member: it counts as an administrator here.)
    const administrators = await tx.organisationMember.findMany({
      where: { organisationId, OR: [{ role: 'ADMINISTRATOR' }, { userId }], ...(requestedById ? { NOT: { userId: requestedById } } : {}) },
      select: { user: { select: { email: true } } },
    });
    const brand = await readOrganisationMessageBrand(tx, { organisationId });
    const ids: string[] = [];
    for (const { user } of administrators) {
      ids.push(
        await queueEmail(tx, {
          brand,
          to: user.email,
          subject: `Confirm or cancel: reset of ${created.member.email}'s two-factor authentication ("${created.organisation.name}")`,
          body: [
            `An administrator of "${created.organisation.name}" asked to reset the two-factor authentication of the administrator ${created.member.email}, after a lost phone.`,
            '',
            `Nothing changes until another administrator confirms it on the account's page (/org), before ${created.expiresAt.toUTCString()}.`,
            'If this was not expected, cancel it there and talk to your fellow administrators.',
          ].join('\n'),
        }),
      );
    }
    return { request: created, messageIds: ids };
  });
  await deliverMessages(messageIds);
  return { kind: 'requested', requestId: request.id, expiresAt: request.expiresAt };
}
