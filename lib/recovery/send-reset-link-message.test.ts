import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { envOverrides } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { startFakeResend } from '@/tests/support/fake-providers';
import { brandSupport, supportedBrand } from '@/tests/support/staff';
import { addConfirmedAlternateEmail, createTestUser } from '@/tests/support/users';
import { hashRecoverySecret } from './recovery-secret';
import { sendPasswordResetLink } from './send-password-reset-link';

// Support's reset link through a provider (a stand-in for Resend's API on a loopback port): the
// link leaves in full, and what Gatehouse keeps of the message has it hidden, as codes are.
let fake: Awaited<ReturnType<typeof startFakeResend>>;
const env = envOverrides();
const REASON = 'Ticket 5160: forgot the password, identity checked by a callback';

beforeAll(async () => {
  fake = await startFakeResend();
  env.set({ RESEND_API_KEY: 're_test_0123456789abcdef', RESEND_BASE_URL: fake.url });
});

afterAll(async () => {
  env.restore();
  await fake.close();
});

beforeEach(() => {
  fake.received.length = 0;
  fake.setMode('accept');
});

async function mailboxWithAlternate() {
  const brand = await supportedBrand();
  const user = await createTestUser({ domain: brand.domain });
  const alternate = `alt-${randomUUID()}@elsewhere.example`;
  await addConfirmedAlternateEmail(user.id, alternate);
  return { brand, mailbox: { ...user, alternate } };
}

describe('the reset link through a provider', () => {
  it('sends the whole link and keeps the message with the link hidden', async () => {
    const { brand, mailbox } = await mailboxWithAlternate();
    const { actor } = await brandSupport(brand.id);

    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON });

    // The notice of the link goes to the same address; the link is the message that carries one.
    const text = fake.received.map((request) => String(request.json.text ?? '')).find((body) => body.includes('/sign-in/forgot/link/')) ?? '';
    const secret = /\/sign-in\/forgot\/link\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;
    expect(await prisma.passwordRecovery.count({ where: { tokenHash: hashRecoverySecret(secret), userId: mailbox.id } })).toBe(1);
    const kept = await prisma.outboundMessage.findMany({ where: { to: mailbox.alternate }, select: { body: true, subject: true, status: true } });
    expect(kept.length).toBeGreaterThanOrEqual(2);
    for (const message of kept) expect(`${message.subject} ${message.body}`).not.toContain(secret);
    expect(kept.some((message) => message.body.includes('/sign-in/forgot/link/••••••'))).toBe(true);
  });

  it('leaves no recovery, no audit row and no notice when the provider refuses the link', async () => {
    const { brand, mailbox } = await mailboxWithAlternate();
    const { actor } = await brandSupport(brand.id);
    fake.setMode('fail-json');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON }), 'PASSWORD_RESET_LINK_NOT_SENT');
    // SECURITY.md "Never log codes or secrets": the failure is logged without the link or the whole address.
    const log = logged.mock.calls.flat().join(' ');
    logged.mockRestore();
    expect(log).toMatch(/Reset link by EMAIL .* failed/);
    expect(log).not.toContain('/sign-in/forgot/link/');
    expect(log).not.toContain(mailbox.alternate);

    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.password_reset_link_sent' } })).toBe(0);
    expect(await prisma.outboundMessage.count({ where: { to: mailbox.email } })).toBe(0);
    const failed = await prisma.outboundMessage.findFirstOrThrow({ where: { to: mailbox.alternate }, select: { status: true, body: true } });
    expect(failed.status).toBe('FAILED');
    expect(failed.body).toContain('/sign-in/forgot/link/••••••');
  });
});
