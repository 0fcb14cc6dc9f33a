import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { expectAppError } from '@/tests/support/errors';
import { latestMessageTo } from '@/tests/support/outbox';
import { addConfirmedAlternateEmail, createMfaUser, testRequest } from '@/tests/support/users';
import { finishPasswordRecovery } from './finish-password-recovery';
import { MAX_RECOVERY_FAILURES } from './find-live-recovery';
import { hashRecoverySecret, newRecoverySecret } from './recovery-secret';

/** A mailbox with an authenticator and an alternate address whose recovery proved both: ready for a new password. */
async function readyRecovery() {
  const user = await createMfaUser();
  const alternate = `alt-${randomUUID()}@elsewhere.example`;
  await addConfirmedAlternateEmail(user.id, alternate);
  const secret = newRecoverySecret();
  await prisma.passwordRecovery.create({
    data: { tokenHash: hashRecoverySecret(secret), userId: user.id, email: user.email, origin: 'SELF', proofs: ['ALTERNATE_EMAIL', 'AUTHENTICATOR'], expiresAt: new Date(Date.now() + 10 * 60 * 1000) },
  });
  return { user, alternate, secret, request: testRequest() };
}

describe('finishPasswordRecovery', () => {
  it('counts each guessable password against the recovery, so one recovery cannot keep the estimator busy', async () => {
    const { user, secret, request } = await readyRecovery();
    for (let i = 0; i < MAX_RECOVERY_FAILURES; i++) {
      await expectAppError(finishPasswordRecovery({ secret, newPassword: 'password1234', request }), 'PASSWORD_TOO_WEAK');
    }
    // Worn out: even a good password is refused now, and the old one still stands.
    await expectAppError(finishPasswordRecovery({ secret, newPassword: 'lantern orchard velvet 81', request }), 'RECOVERY_NOT_FOUND');
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'password.recovered' } })).toBe(0);
  });

  it('is audited as a visitor holding the recovery, and tells the owner what was proven and what to do if it was not them', async () => {
    const { user, alternate, secret, request } = await readyRecovery();
    await finishPasswordRecovery({ secret, newPassword: 'lantern orchard velvet 81', request });
    const [event] = await prisma.auditEvent.findMany({ where: { userId: user.id, type: 'password.recovered' }, select: { actorKind: true, actorId: true, detail: true } });
    expect(event).toMatchObject({ actorKind: 'VISITOR', actorId: null, detail: { origin: 'SELF', proofs: ['ALTERNATE_EMAIL', 'AUTHENTICATOR'] } });
    for (const to of [user.email, alternate]) {
      const notice = await latestMessageTo(to);
      expect(notice?.body).toContain('reset through password recovery');
      expect(notice?.body).toMatch(/proven to reset it: your alternate e-mail address and your authenticator app\./i);
      expect(notice?.body).toContain('someone reached what proves this account is yours');
    }
  });
});
