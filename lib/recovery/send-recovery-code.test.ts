import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { addConfirmedAlternateEmail, createTestUser, testRequest } from '@/tests/support/users';
import { readPasswordRecovery } from './read-password-recovery';
import { sendRecoveryCode } from './send-recovery-code';
import { startPasswordRecovery } from './start-password-recovery';

const env = envOverrides();
afterAll(() => env.restore());
const FLOOR_MS = 400;

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
