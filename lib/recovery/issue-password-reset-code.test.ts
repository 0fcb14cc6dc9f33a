import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import type * as NoticeQueueModule from '@/lib/core/account-notice';
import { prisma } from '@/lib/db/prisma';
import { totpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { brandSupport, supportedBrand } from '@/tests/support/staff';
import { addConfirmedAlternateEmail, addConfirmedPhone, createTestUser, phoneNumbers } from '@/tests/support/users';
import { SUPPORT_RECOVERY_TTL_MS } from './issue-support-recovery';
import { issuePasswordResetCode } from './issue-password-reset-code';
import { readPasswordRecovery } from './read-password-recovery';
import { hashRecoverySecret } from './recovery-secret';
import { sendPasswordResetLink } from './send-password-reset-link';
import { normaliseSupportResetCode } from './support-reset-code';

// The notices are queued through this module; a test switches it to failing to prove that the
// code's recovery row, its audit row and its notice commit together or not at all.
const noticeQueue = vi.hoisted(() => ({ isFailing: false }));
vi.mock('@/lib/core/account-notice', async (importOriginal) => {
  const original = await importOriginal<typeof NoticeQueueModule>();
  return {
    ...original,
    queueAccountNotice: async (...args: Parameters<typeof original.queueAccountNotice>) => {
      if (noticeQueue.isFailing) throw new Error('the outbox is unavailable');
      return original.queueAccountNotice(...args);
    },
  };
});

const REASON = 'Ticket 5121: forgot the password, no alternate address; identity checked in the shop';
const MINUTE_MS = 60 * 1000;
const nextNumber = phoneNumbers('732');

async function bareMailbox(domain: string) {
  const user = await createTestUser({ withTotp: true, domain });
  return { ...user, totpSecret: user.totpSecret as string };
}

async function codeStateOf(mailbox: { id: string; email: string }) {
  return {
    recoveries: await prisma.passwordRecovery.count({ where: { userId: mailbox.id } }),
    audited: await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.password_reset_code_issued' } }),
    messages: await prisma.outboundMessage.count({ where: { to: mailbox.email } }),
  };
}

describe('issuePasswordResetCode', () => {
  it('returns a single-use code once, whose hash opens a 30-minute recovery proving support’s check; the audit row and the notice never hold it', async () => {
    const brand = await supportedBrand();
    const mailbox = await bareMailbox(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id);
    const before = Date.now();

    const { resetCode, expiresAt } = await issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: brand.id });

    expect(normaliseSupportResetCode(resetCode)).toBe(resetCode);
    const row = await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: hashRecoverySecret(resetCode) } });
    expect(row).toMatchObject({ userId: mailbox.id, email: mailbox.email, origin: 'SUPPORT_CODE', proofs: ['SUPPORT_CODE'], issuedById: staff.id, consumedAt: null });
    expect(row.expiresAt).toEqual(expiresAt);
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + SUPPORT_RECOVERY_TTL_MS);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + SUPPORT_RECOVERY_TTL_MS);

    const rows = await prisma.auditEvent.findMany({ where: { userId: mailbox.id, type: 'support.password_reset_code_issued' }, select: { actorId: true, detail: true } });
    expect(rows).toEqual([{ actorId: staff.id, detail: expect.objectContaining({ brandId: brand.id, reason: REASON }) }]);
    const notices = await prisma.outboundMessage.findMany({ where: { to: mailbox.email, subject: { contains: 'Support issued a code' } }, select: { body: true } });
    expect(notices).toHaveLength(1);
    const compact = resetCode.replace(/-/g, '');
    for (const text of [JSON.stringify(rows), ...notices.map((notice) => notice.body)]) {
      expect(text).not.toContain(resetCode);
      expect(text).not.toContain(compact);
    }
    // The row is found by the code however the owner types it.
    expect(hashRecoverySecret(normaliseSupportResetCode(resetCode.toLowerCase().replace(/-/g, ' ')) as string)).toBe(row.tokenHash);
  });

  it('is refused where a link can finish the recovery (a link, then the app): the link is the safer way', async () => {
    const brand = await supportedBrand();
    const { actor } = await brandSupport(brand.id);
    const withAddress = await bareMailbox(brand.domain);
    await addConfirmedAlternateEmail(withAddress.id, `alt-${randomUUID()}@elsewhere.example`);
    const withPhone = await bareMailbox(brand.domain);
    await addConfirmedPhone(withPhone.id, nextNumber());

    for (const mailbox of [withAddress, withPhone]) {
      const before = await codeStateOf(mailbox);
      await expectAppError(issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON }), 'PASSWORD_RESET_USE_LINK');
      expect(await codeStateOf(mailbox)).toEqual(before);
    }
  });

  it('is issued where the one destination is also the only second factor, and with a code sent there it makes the two proofs', async () => {
    const brand = await supportedBrand();
    const { actor } = await brandSupport(brand.id);
    // Its e-mail codes are its second factor: a link there would prove it once and send the owner
    // back to support, so the code is the way, and the address proves the other half.
    const mailbox = await createTestUser({ domain: brand.domain });
    await addConfirmedAlternateEmail(mailbox.id, `alt-${randomUUID()}@elsewhere.example`);

    const { resetCode } = await issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON });
    const read = await readPasswordRecovery({ secret: normaliseSupportResetCode(resetCode) });
    expect(read?.step).toMatchObject({ step: 'prove-another', proofs: ['SUPPORT_CODE'], destinations: [{ channel: 'EMAIL' }] });
  });

  it('counts an alternate address that delivers into the mailbox as none', async () => {
    const brand = await supportedBrand();
    const { actor } = await brandSupport(brand.id);
    const mailbox = await bareMailbox(brand.domain);
    const [local, domain] = mailbox.email.split('@');
    await addConfirmedAlternateEmail(mailbox.id, `${local}+backup@${domain}`);

    await issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON });
    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id, origin: 'SUPPORT_CODE' } })).toBe(1);
  });

  it('is refused to another brand’s support, even with a forged brand, and nothing is issued', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const mailbox = await bareMailbox(globex.domain);
    const { actor } = await brandSupport(acme.id);
    const before = await codeStateOf(mailbox);

    await expectAppError(issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON }), 'FORBIDDEN');
    await expectAppError(issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: acme.id }), 'FORBIDDEN');

    expect(await codeStateOf(mailbox)).toEqual(before);
  });

  it('needs a reason and the staff member’s recent second factor', async () => {
    const brand = await supportedBrand();
    const mailbox = await bareMailbox(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id, { secondFactorAt: new Date(Date.now() - 11 * MINUTE_MS) });
    const before = await codeStateOf(mailbox);

    await expectAppError(issuePasswordResetCode({ actor, userId: mailbox.id, reason: ' ' }), 'REASON_REQUIRED');
    await expectAppError(issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON }), 'REAUTH_REQUIRED');
    expect(await codeStateOf(mailbox)).toEqual(before);

    await issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON, code: totpCode(staff.totpSecret) });
    expect((await codeStateOf(mailbox)).recoveries).toBe(1);
  });

  it('issues nothing unless its audit row and notice commit with it', async () => {
    const brand = await supportedBrand();
    const mailbox = await bareMailbox(brand.domain);
    const { actor } = await brandSupport(brand.id);
    const before = await codeStateOf(mailbox);

    noticeQueue.isFailing = true;
    try {
      await expect(issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON })).rejects.toThrow('the outbox is unavailable');
    } finally {
      noticeQueue.isFailing = false;
    }

    expect(await codeStateOf(mailbox)).toEqual(before);
  });

  it('ends an older unconsumed code, and a link sent later ends the code', async () => {
    const brand = await supportedBrand();
    const mailbox = await bareMailbox(brand.domain);
    const { actor } = await brandSupport(brand.id);

    const first = await issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON });
    const second = await issuePasswordResetCode({ actor, userId: mailbox.id, reason: REASON });
    const consumedAt = async (code: string) => (await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: hashRecoverySecret(code) } })).consumedAt;
    expect(await consumedAt(first.resetCode)).not.toBeNull();
    expect(await consumedAt(second.resetCode)).toBeNull();

    // The owner confirms an alternate address later; support then sends a link instead.
    await addConfirmedAlternateEmail(mailbox.id, `alt-${randomUUID()}@elsewhere.example`);
    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON });
    expect(await consumedAt(second.resetCode)).not.toBeNull();
    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id, consumedAt: null } })).toBe(1);
  });

  it('runs at the console with a reason, audited under its operator', async () => {
    const brand = await supportedBrand();
    const mailbox = await bareMailbox(brand.domain);
    const name = `op-${randomUUID().slice(0, 8)}`;

    const { resetCode } = await issuePasswordResetCode({ actor: consoleActor(name), userId: mailbox.id, reason: 'Ticket 13 from the command line' });

    expect(await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: hashRecoverySecret(resetCode) }, select: { issuedById: true } })).toEqual({ issuedById: null });
    expect(await prisma.auditEvent.findMany({ where: { userId: mailbox.id, type: 'support.password_reset_code_issued' }, select: { actorKind: true, operator: true } })).toEqual([
      { actorKind: 'CONSOLE', operator: name },
    ]);
  });
});
