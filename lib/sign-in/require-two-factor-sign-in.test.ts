import { describe, expect, it } from 'vitest';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { readSession } from '@/lib/sessions/get-current-session';
import { postponeEnrolment } from '@/lib/sign-in/postpone-enrolment';
import { openSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import type { PasswordStepResult } from '@/lib/sign-in/password-step-result';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { prisma } from '@/lib/db/prisma';
import type { RequestContext } from '@/lib/http/request-context';
import { createTestBrand } from '@/tests/support/brands';
import { backupCode } from '@/tests/support/codes';
import { startSignIn } from '@/tests/support/sign-in';
import { addTestAuthenticator, createTestUser, currentSessionFor, selfActorFor } from '@/tests/support/users';

// Issue 17: requiring 2FA has no way around it, and does not lock out a mailbox that met it.
const DAY_MS = 24 * 60 * 60 * 1000;
const from = (ip: string): RequestContext => ({ ip, userAgent: 'vitest' });

async function sessionOf(result: PasswordStepResult) {
  if (result.next !== 'signed-in') return result.next;
  return prisma.session.findUniqueOrThrow({ where: { id: result.session.sessionId }, select: { secondFactorAt: true, expiresAt: true } });
}

describe('a mailbox with a second factor under a brand that requires 2FA', () => {
  for (const [policy, place, again] of [
    ['NEW_IP', '194.25.0.1', '194.25.0.1'],
    ['NEW_COUNTRY', '8.8.8.8', '8.8.4.4'],
  ] as Array<[ChallengePolicy, string, string]>) {
    it(`whose code "${policy}" spares at a remembered place is signed in there, during the enrolment period and after it`, async () => {
      const brand = await createTestBrand({ requireTwoFactor: true, enrolmentDays: 0 });
      const user = await createTestUser({ withTotp: true, domain: brand.domain });
      await setChallengePolicy({ actor: await selfActorFor(user), userId: user.id, challengePolicy: policy });
      const [code] = user.backupCodes;
      await completeSignIn({ pendingLoginToken: (await startSignIn(user, from(place))).token, code: backupCode(code ?? ''), request: from(place) });

      // The deadline may have passed (zero days): the mailbox has a factor, so it has met the requirement.
      const spared = await sessionOf(await signInWithPassword({ email: user.email, password: user.password, request: from(again) }));
      expect(spared).toMatchObject({ secondFactorAt: null });
      expect(await prisma.pendingLogin.count({ where: { userId: user.id, mustEnrol: true } })).toBe(0);
      // Elsewhere the code is still asked.
      expect((await signInWithPassword({ email: user.email, password: user.password, request: from('10.44.0.1') })).next).toBe('second-factor');
    });
  }
});

describe('"Set up later"', () => {
  it('opens a session that ends at the enrolment deadline, not a week later', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true, enrolmentDays: 2 });
    const user = await createTestUser({ domain: brand.domain });
    const request = from('10.44.0.2');
    const result = await signInWithPassword({ email: user.email, password: user.password, request });
    if (result.next !== 'enrol') throw new Error('expected the enrolment wizard');
    const session = await postponeEnrolment({ attempt: await openSignInAttempt({ pendingLoginToken: result.pendingLogin.token, request }) });

    const { enrolmentDeadline } = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { enrolmentDeadline: true } });
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { expiresAt: true } });
    expect(enrolmentDeadline).not.toBeNull();
    expect(row.expiresAt.getTime()).toBe(enrolmentDeadline?.getTime());
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 2 * DAY_MS);
  });
});

describe('a session of a mailbox without a second factor', () => {
  async function overdueMailbox({ requireTwoFactor }: { requireTwoFactor: boolean }) {
    const brand = await createTestBrand({ requireTwoFactor, enrolmentDays: 2 });
    const user = await createTestUser({ domain: brand.domain });
    // Signed in before the requirement reached it: an ordinary week-long session.
    const { session } = await currentSessionFor(user, { secondFactorAt: null });
    await prisma.user.update({ where: { id: user.id }, data: { enrolmentDeadline: new Date(Date.now() - 1000) } });
    return { user, session };
  }

  it('ends once the enrolment period is over, however it was opened', async () => {
    const { session } = await overdueMailbox({ requireTwoFactor: true });
    expect(await readSession({ sessionId: session.id, tokenId: session.tokenId })).toBeNull();
  });

  it('lives on where the requirement was withdrawn, and once the mailbox has a factor', async () => {
    const withdrawn = await overdueMailbox({ requireTwoFactor: false });
    expect(await readSession({ sessionId: withdrawn.session.id, tokenId: withdrawn.session.tokenId })).not.toBeNull();

    const enrolled = await overdueMailbox({ requireTwoFactor: true });
    await addTestAuthenticator(enrolled.user);
    expect(await readSession({ sessionId: enrolled.session.id, tokenId: enrolled.session.tokenId })).not.toBeNull();
  });
});
