import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { assertStaffSession } from '@/lib/auth/assert-staff-session';
import { confirmRecentSecondFactor } from '@/lib/auth/confirm-recent-second-factor';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { ZPlatformPolicySchema, DEFAULT_PLATFORM_POLICY, type TPlatformPolicy } from './platform-policy';

/**
 * A platform administrator changes which second factors exist. Only an ADMIN whose session passed
 * a second factor may, and only with one proven in the last few minutes (or `code` now): a stolen
 * password alone must not switch the platform's defences off. The change and its audit row (what
 * was, what is) commit together. Used by the admin page and by `npx gatehouse policy set`
 * (actor null: the operator at the server's console).
 */
export async function updatePlatformPolicy({
  changes,
  actor,
  code = null,
  request,
}: {
  changes: Partial<TPlatformPolicy>;
  actor: CurrentSession | null;
  code?: TSecondFactorCode | null;
  request: RequestContext | null;
}): Promise<TPlatformPolicy> {
  if (actor) {
    assertStaffSession(actor, 'ADMIN');
    await confirmRecentSecondFactor({ user: actor.user, session: actor.session, code, request: request ?? { ip: 'unknown', userAgent: null } });
  }
  return prisma.$transaction(async (tx) => {
    const row = await tx.platformPolicy.findUnique({ where: { id: 1 } });
    const before = row ? ZPlatformPolicySchema.parse(row) : { ...DEFAULT_PLATFORM_POLICY };
    const after = ZPlatformPolicySchema.parse({ ...before, ...changes });
    if (!after.totpAvailable && !after.smsAvailable && !after.voiceAvailable && !after.emailAvailable) {
      throw new AppError('INVALID_INPUT', { message: 'Keep at least one second factor available.' });
    }
    await tx.platformPolicy.upsert({ where: { id: 1 }, create: { id: 1, ...after }, update: after });
    const changed = Object.fromEntries(
      Object.entries(after).filter(([key, value]) => before[key as keyof TPlatformPolicy] !== value),
    );
    await recordAuditEvent(tx, {
      type: 'policy.changed',
      userId: null,
      actorId: actor?.user.id ?? null,
      request,
      detail: { changed, before, after },
    });
    return after;
  });
}
