import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import { totpCode } from '@/tests/support/codes';
import { createTestUser, testRequest } from '@/tests/support/users';

describe('signing in', () => {
  it('without MFA creates a session at once', async () => {
    const user = await createTestUser();
    const result = await signInWithPassword({ email: user.email, password: user.password, request: testRequest() });
    expect(result.next).toBe('signed-in');
  });

  it('with MFA creates no session until the code passes, then exactly one', async () => {
    const user = await createTestUser({ withTotp: true });
    const request = testRequest();
    const result = await signInWithPassword({ email: user.email, password: user.password, request });
    expect(result.next).toBe('second-factor');
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    if (result.next !== 'second-factor') return;
    const code = totpCode(user.totpSecret as string);
    const session = await completeSignIn({ pendingLoginToken: result.pendingLogin.token, code, request });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(session.sessionId).toBeTruthy();
  });
});
