import { describe, expect, it } from 'vitest';
import { signOutOtherSessions } from '@/lib/sessions/sign-out-other-sessions';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import { selfActor } from '@/lib/core/actor';
import { createTestUser, currentSessionFor, testRequest } from '@/tests/support/users';

describe('signing out other sessions', () => {
  it('revokes every other session and waiting sign-in of the account, keeps this one, and is audited', async () => {
    const user = await createTestUser({ withTotp: true });
    const other = await createTestUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const elsewhere = await currentSessionFor(user, { secondFactorAt: new Date() });
    const otherUsers = await currentSessionFor(other, { secondFactorAt: new Date() });
    await signInWithPassword({ email: user.email, password: user.password, request: testRequest() });

    const { revoked } = await signOutOtherSessions({ actor: selfActor(current, testRequest()), userId: user.id });

    expect(revoked).toBe(1);
    const revokedAt = async (id: string) => (await prisma.session.findUniqueOrThrow({ where: { id }, select: { revokedAt: true } })).revokedAt;
    expect(await revokedAt(current.session.id)).toBeNull();
    expect(await revokedAt(elsewhere.session.id)).not.toBeNull();
    expect(await revokedAt(otherUsers.session.id)).toBeNull();
    expect(await prisma.pendingLogin.count({ where: { userId: user.id, consumedAt: null } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'session.signed_out_others' } })).toBe(1);
  });
});
