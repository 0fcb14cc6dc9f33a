import type { Actor } from '@/lib/core/actor';
import { actingUserId } from '@/lib/core/actor';
import { reauthenticate } from '@/lib/access/reauthenticate';
import { isMfaEnabled, MFA_STATE_SELECT } from '@/lib/core/factor-kinds';
import { prisma } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors/app-error';
import type { TSecondFactorCode } from '@/lib/mfa/code-schema';

/**
 * The re-authentication an organisation's change asks of its administrator or billing contact
 * (turning SMS logins on, buying credits, giving or taking a trusted role): a second factor proven
 * in the last few minutes, or `code` now. There is no exemption for one without a second factor:
 * an administrator can lose its factors after it got the role (it turned 2FA off, support's Disable
 * 2FA, another administrator's reset), and the console still appoints one that never had any. Such
 * an administrator would otherwise act on a password alone; it is told to enrol first
 * (TRUSTED_ROLE_NEEDS_TWO_FACTOR, which `authorize` answers too), read now rather than from the
 * session, before any code is asked. Call it after the change's other refusals, so a change that
 * cannot happen never costs a backup code.
 */
export async function reauthenticateInOrganisation({ actor, code }: { actor: Actor; code: TSecondFactorCode | null }): Promise<void> {
  if (actor.kind === 'self') {
    const userId = actingUserId(actor);
    const user = userId ? await prisma.user.findUnique({ where: { id: userId }, select: MFA_STATE_SELECT }) : null;
    if (!user || !isMfaEnabled(user)) throw new AppError('TRUSTED_ROLE_NEEDS_TWO_FACTOR');
  }
  await reauthenticate({ actor, code });
}
