// Sign-ins stopped at the token prompt, and the codes sent there. Vitest only.
import { createHash } from 'node:crypto';
import { sendSignInCode } from '@/lib/sign-in/send-sign-in-code';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { addConfirmedPhone, createMfaUser, testRequest } from './users';

/** The password step of an MFA account: the pending login it ends in (its cookie value and row id). */
export async function startSignIn(user: { email: string; password: string }, request: RequestContext) {
  const result = await signInWithPassword({ email: user.email, password: user.password, request });
  if (result.next !== 'second-factor') throw new Error('an MFA account must be asked for a second factor');
  const row = await prisma.pendingLogin.findUniqueOrThrow({
    where: { tokenHash: createHash('sha256').update(result.pendingLogin.token).digest('hex') },
    select: { id: true },
  });
  return { token: result.pendingLogin.token, expiresAt: result.pendingLogin.expiresAt, id: row.id };
}

/** An MFA user with one confirmed phone (the next of `nextNumber`), half-way through signing in. */
export async function signInHalfWay(nextNumber: () => string) {
  const user = await createMfaUser();
  const phone = await addConfirmedPhone(user.id, nextNumber());
  const request = testRequest();
  const login = await startSignIn(user, request);
  return { user, phone, request, login };
}

/** "Text me a code" (or "Call me") at the token prompt of `login`, to `phone`. */
export function sendCode(login: { token: string }, phone: { id: string }, request: RequestContext, channel: 'SMS' | 'VOICE' = 'SMS') {
  return sendSignInCode({ pendingLoginToken: login.token, target: { channel, phoneId: phone.id }, request });
}

/** The one-time code rows of a pending login, oldest first. */
export function codeRowsOf(pendingLoginId: string) {
  return prisma.oneTimeCode.findMany({
    where: { pendingLoginId },
    orderBy: { createdAt: 'asc' },
    select: { id: true, consumedAt: true, supersededAt: true, failedAttempts: true, sealedCode: true, callToken: true, codeHash: true },
  });
}
