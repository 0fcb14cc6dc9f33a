import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { consoleActor } from '@/lib/core/console-actor';
import { updateBrandCredits } from '@/lib/credits/update-brand-credits';
import { prisma } from '@/lib/db/prisma';
import { createTestBrand } from '@/tests/support/brands';
import { addConfirmedAlternateEmail, addConfirmedPhone, createTestUser, phoneNumbers, testRequest } from '@/tests/support/users';
import { readPasswordRecovery } from './read-password-recovery';
import { sendRecoveryCode } from './send-recovery-code';
import { startPasswordRecovery } from './start-password-recovery';

const env = envOverrides();
afterAll(() => env.restore());
const FLOOR_MS = 400;
const nextNumber = phoneNumbers('375');

/** Starts a recovery for `email` and sends its first code to the first destination the page offers, timed. */
async function timedFirstSend(email: string): Promise<number> {
  const request = testRequest();
  const { secret } = await startPasswordRecovery({ email, request });
  const read = await readPasswordRecovery({ secret });
  const [first] = read && 'destinations' in read.step ? read.step.destinations : [];
  if (!first) throw new Error('the page offered no destination');
  const started = performance.now();
  await sendRecoveryCode({ secret, destination: first.key, request });
  return performance.now() - started;
}

describe('sendRecoveryCode', () => {
  it('takes at least RECOVERY_SEND_MIN_MS to answer, for a real destination and a decoy alike, refusals included', async () => {
    env.set({ ...OUTBOX_BASELINE, RECOVERY_SEND_MIN_MS: String(FLOOR_MS) });
    const user = await createTestUser();
    await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@elsewhere.example`);

    expect(await timedFirstSend(user.email)).toBeGreaterThanOrEqual(FLOOR_MS - 5);
    expect(await timedFirstSend(`nobody-${randomUUID()}@example.test`)).toBeGreaterThanOrEqual(FLOOR_MS - 5);
    const started = performance.now();
    await expectAppError(sendRecoveryCode({ secret: 'no-such-recovery', destination: 'email', request: testRequest() }), 'RECOVERY_NOT_FOUND');
    expect(performance.now() - started).toBeGreaterThanOrEqual(FLOOR_MS - 5);
  });
});

describe('sendRecoveryCode where mailboxes pay for their texts', () => {
  /** Starts a recovery and sends a text to its first phone, twice. */
  async function textSequence(email: string): Promise<(string | undefined)[]> {
    const request = testRequest();
    const { secret } = await startPasswordRecovery({ email, request });
    const read = await readPasswordRecovery({ secret });
    const phone = (read && 'destinations' in read.step ? read.step.destinations : []).find((destination) => destination.channel === 'SMS');
    if (!phone) return ['no phone offered'];
    const answer = () => sendRecoveryCode({ secret, destination: phone.key, request }).then(() => 'sent', (error: { code?: string }) => error.code);
    return [await answer(), await answer()];
  }

  it('a sequence answers identically for a mailbox and an unknown address, though the mailbox’s own pool is empty, and costs the pool nothing', async () => {
    env.set({ ...OUTBOX_BASELINE, RECOVERY_SEND_MIN_MS: '0' });
    const brand = await createTestBrand();
    await updateBrandCredits({ actor: consoleActor('vitest-operator'), brandId: brand.id, textsPaidBy: 'MAILBOX' });
    const real = await createTestUser({ withTotp: true, domain: brand.domain });
    const phone = nextNumber();
    await addConfirmedPhone(real.id, phone);

    const realAnswers = await textSequence(real.email);
    expect(realAnswers[0]).toBe('sent');
    expect(await prisma.outboundMessage.count({ where: { to: phone, channel: 'SMS' } })).toBe(realAnswers.filter((answer) => answer === 'sent').length);
    expect(await prisma.personalCreditPool.findUnique({ where: { userId: real.id } })).toBeNull();

    // Some unknown address of the same brand shows a phone among its decoys; it answers alike.
    let decoyAnswers: (string | undefined)[] = ['no phone offered'];
    for (let i = 0; i < 40 && decoyAnswers[0] === 'no phone offered'; i++) decoyAnswers = await textSequence(`nobody-${randomUUID()}@${brand.domain}`);
    expect(decoyAnswers).toEqual(realAnswers);
  });
});
