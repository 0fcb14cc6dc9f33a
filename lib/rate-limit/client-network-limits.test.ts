import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { mailLogin } from '@/tests/support/app-passwords';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { refusalOf } from '@/tests/support/errors';
import { sendCode, startSignIn } from '@/tests/support/sign-in';
import { addConfirmedPhone, createMfaUser, createTestUser, phoneNumbers, testRequest } from '@/tests/support/users';

// SECURITY.md "Throttling": limits key on the client, and an IPv6 client is keyed by its /64 (a
// setting), so one network gets one count however many of its 2^64 addresses it uses. Each
// limiter is driven through the verb that counts on it.

const env = envOverrides();
const nextNumber = phoneNumbers('628');
beforeEach(() => env.set(OUTBOX_BASELINE));
afterAll(() => env.restore());

/** A fresh /64 no other test uses: its first 64 bits, written as four groups. */
function freshNetwork(): string {
  const groups = randomBytes(6).toString('hex').match(/.{4}/g) as string[];
  return `2001:db8:${groups.slice(0, 2).join(':')}`;
}

/** `count` different addresses inside `network` (a /64 written as its first four groups). */
function addressesIn(network: string, count: number): RequestContext[] {
  return Array.from({ length: count }, () => {
    const host = (randomBytes(8).toString('hex').match(/.{4}/g) as string[]).join(':');
    return { ip: `${network.split(':').slice(0, 4).join(':')}:${host}`, userAgent: 'vitest' };
  });
}

/** One wrong password per request, each for an address nobody signs in with: what a sprayer sends. */
async function sprayWrongPasswords(requests: RequestContext[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const request of requests) {
    try {
      await signInWithPassword({ email: `nobody-${randomUUID()}@example.test`, password: 'Summer2026!', request });
      outcomes.push('signed-in');
    } catch (error) {
      outcomes.push(isAppError(error) ? error.code : 'unexpected');
    }
  }
  return outcomes;
}

function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

describe('the password step’s window per client', () => {
  it('holds back 60 wrong passwords from 60 addresses of one /64 exactly like 60 from one IPv4 address', async () => {
    const oneIpv4 = testRequest();
    const fromIpv4 = await sprayWrongPasswords(Array.from({ length: 60 }, () => oneIpv4));
    const fromNetwork = await sprayWrongPasswords(addressesIn(freshNetwork(), 60));

    expect(tally(fromIpv4)).toEqual({ INVALID_CREDENTIALS: 50, TOO_MANY_ATTEMPTS: 10 });
    expect(fromNetwork).toEqual(fromIpv4);
  });

  it('refuses even the right password from yet another address of that /64, and lets another /64 in', async () => {
    const network = freshNetwork();
    await sprayWrongPasswords(addressesIn(network, 50));
    const user = await createTestUser();
    const [sameNetwork] = addressesIn(network, 1) as [RequestContext];
    const [otherNetwork] = addressesIn(freshNetwork(), 1) as [RequestContext];

    expect((await refusalOf(signInWithPassword({ email: user.email, password: user.password, request: sameNetwork }))).code).toBe('TOO_MANY_ATTEMPTS');
    expect((await signInWithPassword({ email: user.email, password: user.password, request: otherNetwork })).next).toBe('signed-in');
  });

  it('counts by the configured prefix: with RATE_LIMIT_IPV6_PREFIX=48, the /64s of one /48 share the window', async () => {
    env.set({ RATE_LIMIT_IPV6_PREFIX: '48' });
    const site = freshNetwork().split(':').slice(0, 3).join(':');
    const requests = Array.from({ length: 60 }, (_, i) => addressesIn(`${site}:${(i + 1).toString(16)}`, 1)[0] as RequestContext);
    expect(tally(await sprayWrongPasswords(requests))).toEqual({ INVALID_CREDENTIALS: 50, TOO_MANY_ATTEMPTS: 10 });
  });
});

describe('other limits per client', () => {
  it('codes sent: one /64 has one hourly allowance, however many of its addresses ask', async () => {
    env.set({ CODE_LIMIT_PER_IP_PER_HOUR: '2' });
    const [a, b, c] = addressesIn(freshNetwork(), 3) as [RequestContext, RequestContext, RequestContext];
    const senders = [];
    for (const request of [a, b, c]) {
      const user = await createMfaUser();
      const phone = await addConfirmedPhone(user.id, nextNumber());
      senders.push({ login: await startSignIn(user, request), phone, request });
    }
    for (const sender of senders.slice(0, 2)) await sendCode(sender.login, sender.phone, sender.request);
    const third = senders[2] as (typeof senders)[number];
    expect((await refusalOf(sendCode(third.login, third.phone, third.request))).code).toBe('SEND_LIMIT_NETWORK');
  });

  it('mail logins: wrong passwords from the addresses of one /64 fill one window', async () => {
    const results = [];
    for (const request of addressesIn(freshNetwork(), 55)) {
      results.push(await mailLogin({ email: `nobody-${randomUUID()}@example.test`, password: 'Summer2026!' }, { clientIp: request.ip }));
    }
    const reasons = results.map((decision) => (decision.result === 'refuse' ? decision.reason : 'accept'));
    expect(tally(reasons)).toEqual({ INVALID_CREDENTIALS: 50, TOO_MANY_ATTEMPTS: 5 });
  });
});
