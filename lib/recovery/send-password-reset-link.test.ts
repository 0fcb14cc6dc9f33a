import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { consoleActor } from '@/lib/core/console-actor';
import type { HeldRole } from '@/lib/core/roles';
import { staffActor } from '@/lib/core/staff-actor';
import type * as NoticeQueueModule from '@/lib/core/account-notice';
import { getEnv } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { readMailboxSecurity } from '@/lib/support/read-mailbox-security';
import { createBrand } from '@/lib/brands/create-brand';
import { totpCode, wrongTotpCode } from '@/tests/support/codes';
import { expectAppError } from '@/tests/support/errors';
import { createTestOrganisation, poolOf } from '@/tests/support/organisations';
import { brandSupport, staffWith, supportedBrand } from '@/tests/support/staff';
import { addConfirmedAlternateEmail, addConfirmedPhone, createTestUser, currentSessionFor, phoneNumbers, testRequest } from '@/tests/support/users';
import { SUPPORT_RECOVERY_TTL_MS } from './issue-support-recovery';
import { hashRecoverySecret } from './recovery-secret';
import { readResetDestinations } from './read-reset-destinations';
import { sendPasswordResetLink } from './send-password-reset-link';
import { createTestBrand } from '@/tests/support/brands';

// The notices are queued through this module; a test switches it to failing to prove that the
// link's recovery row, its audit row and its notice commit together or not at all.
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

const REASON = 'Ticket 5120: forgot the password, identity checked by a video call';
const MINUTE_MS = 60 * 1000;
const nextNumber = phoneNumbers('731');
const LINK = new RegExp(`${getEnv().GATEHOUSE_URL.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/sign-in/forgot/link/([A-Za-z0-9_-]{43})`);

/** A mailbox of `domain` with an authenticator, and a confirmed alternate address and/or backup phone. */
async function mailboxWith(domain: string, { alternate = true, phone = false, roles = [] }: { alternate?: boolean | string; phone?: boolean; roles?: HeldRole[] } = {}) {
  const user = await createTestUser({ withTotp: true, domain, roles });
  const address = typeof alternate === 'string' ? alternate : alternate ? `alt-${randomUUID()}@elsewhere.example` : null;
  if (address) await addConfirmedAlternateEmail(user.id, address);
  const number = phone ? (await addConfirmedPhone(user.id, nextNumber())).number : null;
  return { ...user, totpSecret: user.totpSecret as string, alternate: address, phone: number };
}

/** What a refused reset link must have left alone: its rows, and every message to the mailbox's people. */
async function resetStateOf(mailbox: { id: string; email: string; alternate: string | null; phone: string | null }) {
  const to = [mailbox.email, mailbox.alternate, mailbox.phone].filter((value): value is string => value !== null);
  return {
    recoveries: await prisma.passwordRecovery.count({ where: { userId: mailbox.id } }),
    audited: await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.password_reset_link_sent' } }),
    messages: await prisma.outboundMessage.count({ where: { to: { in: to } } }),
  };
}

/** The secret of the newest link sent to `to`, read from the outbox as its owner would. */
async function linkSecretSentTo(to: string, channel: 'EMAIL' | 'SMS'): Promise<string> {
  // The notice of the link is queued after it; the newest message carrying a link is the link.
  const messages = await prisma.outboundMessage.findMany({ where: { to, channel }, orderBy: { createdAt: 'desc' }, select: { body: true } });
  const match = messages.map((message) => LINK.exec(message.body)).find((found) => found?.[1]);
  if (!match?.[1]) throw new Error(`no reset link in the messages to ${to}`);
  return match[1];
}

function liveSupportRecoveries(userId: string) {
  return prisma.passwordRecovery.findMany({ where: { userId, consumedAt: null, expiresAt: { gt: new Date() } }, select: { id: true, origin: true } });
}

describe('sendPasswordResetLink', () => {
  it('e-mails a single link to the confirmed alternate address, opening a 30-minute recovery that already proves that address; support never sees the secret', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id);
    const before = Date.now();

    const result = await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: brand.id });

    expect(result.sentTo).toBe(`the alternate address a•••@elsewhere.example`);
    const secret = await linkSecretSentTo(mailbox.alternate as string, 'EMAIL');
    expect(JSON.stringify(result)).not.toContain(secret);
    const row = await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: hashRecoverySecret(secret) } });
    expect(row).toMatchObject({ userId: mailbox.id, email: mailbox.email, origin: 'SUPPORT_LINK', proofs: ['ALTERNATE_EMAIL'], issuedById: staff.id, consumedAt: null });
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SUPPORT_RECOVERY_TTL_MS);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + SUPPORT_RECOVERY_TTL_MS);
    expect(result.expiresAt).toEqual(row.expiresAt);
    // Nothing with the link goes to the mailbox itself, whose owner cannot get in.
    const toMailbox = await prisma.outboundMessage.findMany({ where: { to: mailbox.email }, select: { body: true } });
    for (const message of toMailbox) expect(message.body).not.toMatch(LINK);
  });

  it('writes one audit row with the reason, the brand and where the link went (masked), and tells the mailbox and its alternate address; the secret is in neither', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id);

    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: brand.id });

    const secret = await linkSecretSentTo(mailbox.alternate as string, 'EMAIL');
    const rows = await prisma.auditEvent.findMany({ where: { userId: mailbox.id, type: 'support.password_reset_link_sent' }, select: { actorKind: true, actorId: true, detail: true } });
    expect(rows).toEqual([
      {
        actorKind: 'STAFF',
        actorId: staff.id,
        detail: expect.objectContaining({ brandId: brand.id, reason: REASON, via: 'email', sentTo: 'the alternate address a•••@elsewhere.example', superseded: 0 }),
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const notices = await prisma.outboundMessage.findMany({
      where: { to: { in: [mailbox.email, mailbox.alternate as string] }, subject: { contains: 'Support sent you a link' } },
      select: { to: true, body: true },
    });
    expect(notices.map((notice) => notice.to).sort()).toEqual([mailbox.email, mailbox.alternate].sort());
    for (const notice of notices) {
      expect(notice.body).toContain('The alternate address a•••@elsewhere.example was sent a link');
      expect(notice.body).toContain(`${brand.name} support`);
      expect(notice.body).not.toContain(secret);
      expect(notice.body).not.toContain(staff.email);
      expect(notice.body).not.toContain(REASON);
    }
  });

  it('texts the link to a confirmed backup phone when staff choose it, and asks staff to choose when there are both', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain, { phone: true });
    const { actor } = await brandSupport(brand.id);
    const before = await resetStateOf(mailbox);

    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON }), 'PASSWORD_RESET_CHOOSE_DESTINATION');
    expect(await resetStateOf(mailbox)).toEqual(before);

    const { sentTo } = await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, via: 'sms' });

    expect(sentTo).toMatch(/^the backup phone \+173•+\d\d$/);
    const secret = await linkSecretSentTo(mailbox.phone as string, 'SMS');
    const row = await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: hashRecoverySecret(secret) }, select: { proofs: true, origin: true } });
    expect(row).toEqual({ origin: 'SUPPORT_LINK', proofs: ['PHONE'] });
  });

  it('goes to the only destination there is without being told, and refuses one the mailbox does not have', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain, { alternate: false, phone: true });
    const { actor } = await brandSupport(brand.id);

    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, via: 'email' }), 'PASSWORD_RESET_DESTINATION_GONE');
    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id } })).toBe(0);

    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON });
    await linkSecretSentTo(mailbox.phone as string, 'SMS');
  });

  it('never sends to the mailbox itself: no destination, or only an alternate address that delivers into the mailbox, is refused with nothing sent', async () => {
    const brand = await supportedBrand();
    const { actor } = await brandSupport(brand.id);
    const bare = await mailboxWith(brand.domain, { alternate: false });
    const tagged = await createTestUser({ withTotp: true, domain: brand.domain });
    const [local, domain] = tagged.email.split('@');
    const taggedMailbox = { ...tagged, alternate: `${local}+recovery@${domain}`.toUpperCase(), phone: null };
    await addConfirmedAlternateEmail(tagged.id, taggedMailbox.alternate);

    for (const mailbox of [bare, taggedMailbox]) {
      const before = await resetStateOf(mailbox);
      await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON }), 'PASSWORD_RESET_NO_DESTINATION');
      await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, via: 'email' }), 'PASSWORD_RESET_NO_DESTINATION');
      expect(await resetStateOf(mailbox)).toEqual(before);
    }
  });

  it('is refused to another brand’s support, even with a forged brand, the refusal audited and nothing sent', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const mailbox = await mailboxWith(globex.domain);
    const { user: acmeStaff, actor } = await brandSupport(acme.id);
    const before = await resetStateOf(mailbox);

    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON }), 'FORBIDDEN');
    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: acme.id, via: 'email' }), 'FORBIDDEN');

    expect(await resetStateOf(mailbox)).toEqual(before);
    const refusals = await prisma.auditEvent.findMany({ where: { type: 'access.refused', actorId: acmeStaff.id }, select: { userId: true, detail: true } });
    expect(refusals).toEqual([
      { userId: mailbox.id, detail: expect.objectContaining({ action: 'password_reset.issue', brandId: globex.id }) },
      { userId: mailbox.id, detail: expect.objectContaining({ action: 'password_reset.issue', brandId: globex.id }) },
    ]);
  });

  it('is refused on the staff member’s own mailbox and, to support, on another staff account', async () => {
    const brand = await supportedBrand();
    const own = await mailboxWith(brand.domain, { roles: [{ role: 'BRAND_ADMIN', brandId: brand.id }] });
    const ownActor = staffActor(await currentSessionFor(own, { secondFactorAt: new Date() }), testRequest());
    await expectAppError(sendPasswordResetLink({ actor: ownActor, userId: own.id, reason: REASON }), 'FORBIDDEN');

    const { actor } = await brandSupport(brand.id);
    await expectAppError(sendPasswordResetLink({ actor, userId: own.id, reason: REASON }), 'FORBIDDEN');
    expect(await prisma.passwordRecovery.count({ where: { userId: own.id } })).toBe(0);
  });

  it('leaves a mailbox that moved to another brand since the page showed it alone (MAILBOX_MOVED)', async () => {
    const domain = `moving-${randomUUID().slice(0, 8)}.example`;
    const mailbox = await mailboxWith(domain);
    const { actor } = await staffWith([{ role: 'PLATFORM_SUPPORT', brandId: null }]);
    const shown = await readMailboxSecurity({ actor, userId: mailbox.id });
    const slug = `mv-${randomUUID().slice(0, 8)}`;
    await createBrand({ actor: consoleActor('vitest-operator'), brand: { name: `Brand ${slug}`, slug, domains: [domain] } });

    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: shown.brand.id }), 'MAILBOX_MOVED');
    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id } })).toBe(0);
  });

  it('needs a written reason, and nothing is sent without one', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const { actor } = await brandSupport(brand.id);
    const before = await resetStateOf(mailbox);

    for (const reason of [undefined, null, '', '  \n ']) await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason }), 'REASON_REQUIRED');
    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: 'x'.repeat(1001) }), 'REASON_TOO_LONG');

    expect(await resetStateOf(mailbox)).toEqual(before);
  });

  it('needs the staff member’s own second factor from the last 10 minutes', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id, { secondFactorAt: new Date(Date.now() - 11 * MINUTE_MS) });
    const before = await resetStateOf(mailbox);

    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON }), 'REAUTH_REQUIRED');
    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, code: wrongTotpCode(staff.totpSecret) }), 'INVALID_CODE');
    // The owner's code proves nothing about the staff member.
    await expectAppError(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, code: totpCode(mailbox.totpSecret) }), 'INVALID_CODE');
    expect(await resetStateOf(mailbox)).toEqual(before);

    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, code: totpCode(staff.totpSecret) });
    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id } })).toBe(1);
  });

  it('writes no recovery and no audit row unless its notice is queued in the same transaction', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const { actor } = await brandSupport(brand.id);

    noticeQueue.isFailing = true;
    try {
      await expect(sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON })).rejects.toThrow('the outbox is unavailable');
    } finally {
      noticeQueue.isFailing = false;
    }

    expect(await prisma.passwordRecovery.count({ where: { userId: mailbox.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.password_reset_link_sent' } })).toBe(0);
  });

  it('ends the older unconsumed link when support sends a new one, and leaves the owner’s own recovery alone', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain, { phone: true });
    const { actor } = await brandSupport(brand.id);
    const own = await prisma.passwordRecovery.create({
      data: { tokenHash: hashRecoverySecret(randomUUID()), userId: mailbox.id, email: mailbox.email, origin: 'SELF', expiresAt: new Date(Date.now() + 10 * MINUTE_MS) },
      select: { id: true },
    });

    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON, via: 'email' });
    const first = hashRecoverySecret(await linkSecretSentTo(mailbox.alternate as string, 'EMAIL'));
    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: `${REASON} (second call)`, via: 'sms' });
    const second = hashRecoverySecret(await linkSecretSentTo(mailbox.phone as string, 'SMS'));

    expect((await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: first } })).consumedAt).not.toBeNull();
    const live = await liveSupportRecoveries(mailbox.id);
    expect(live.map((row) => row.id).sort()).toEqual(
      [own.id, (await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: second } })).id].sort(),
    );
    const rows = await prisma.auditEvent.findMany({ where: { userId: mailbox.id, type: 'support.password_reset_link_sent' }, orderBy: { createdAt: 'asc' }, select: { detail: true } });
    expect(rows.map((row) => (row.detail as { superseded: number }).superseded)).toEqual([0, 1]);
  });

  it('opens a row that is used once, under racing claims, and not after its 30 minutes', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const { actor } = await brandSupport(brand.id);
    await sendPasswordResetLink({ actor, userId: mailbox.id, reason: REASON });
    const tokenHash = hashRecoverySecret(await linkSecretSentTo(mailbox.alternate as string, 'EMAIL'));
    // How the visitor side claims a recovery: a conditional update on an unconsumed, unexpired row.
    const claim = (at: Date) => prisma.passwordRecovery.updateMany({ where: { tokenHash, consumedAt: null, expiresAt: { gt: at } }, data: { consumedAt: at } });

    expect((await claim(new Date(Date.now() + SUPPORT_RECOVERY_TTL_MS + 1000))).count).toBe(0);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claim(new Date())));
    expect(claims.map((outcome) => outcome.count).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('runs at the console with a reason, audited under its operator, issued by no account', async () => {
    const brand = await supportedBrand();
    const mailbox = await mailboxWith(brand.domain);
    const name = `op-${randomUUID().slice(0, 8)}`;

    await expectAppError(sendPasswordResetLink({ actor: consoleActor(name), userId: mailbox.id, reason: ' ' }), 'REASON_REQUIRED');
    await sendPasswordResetLink({ actor: consoleActor(name), userId: mailbox.id, reason: 'Ticket 12 from the command line' });

    const secret = await linkSecretSentTo(mailbox.alternate as string, 'EMAIL');
    expect(await prisma.passwordRecovery.findUniqueOrThrow({ where: { tokenHash: hashRecoverySecret(secret) }, select: { issuedById: true } })).toEqual({ issuedById: null });
    expect(await prisma.auditEvent.findMany({ where: { userId: mailbox.id, type: 'support.password_reset_link_sent' }, select: { actorKind: true, operator: true } })).toEqual([
      { actorKind: 'CONSOLE', operator: name },
    ]);
  });
});

describe('sendPasswordResetLink by text', () => {
  const console = consoleActor('ops-texts');

  it('is paid by the platform, as every recovery code is: a family member’s empty pool is neither debited nor in the way', async () => {
    const { organisation, members } = await createTestOrganisation({ nextNumber, credits: 0 });
    const [member] = members as [(typeof members)[number]];
    const texts = () => prisma.outboundMessage.count({ where: { to: member.phone.number, channel: 'SMS' } });

    await sendPasswordResetLink({ actor: console, userId: member.id, reason: REASON });
    expect((await poolOf(organisation.id)).balance).toBe(0);
    expect((await poolOf(organisation.id)).count('DEBIT')).toBe(0);
    expect(await texts()).toBe(1);
    expect(await prisma.passwordRecovery.count({ where: { userId: member.id } })).toBe(1);
  });
});

describe('where support may send a reset link', () => {
  it('is where the mailbox’s own recovery may send: no text where its brand has texts off, and no +tag of the mailbox', async () => {
    const brand = await createTestBrand({ smsAvailable: false });
    const withPhone = await createTestUser({ withTotp: true, domain: brand.domain });
    await addConfirmedPhone(withPhone.id, nextNumber());
    const [local, domain] = withPhone.email.split('@');
    await addConfirmedAlternateEmail(withPhone.id, `${local}+old@${domain}`);

    expect(await readResetDestinations({ userId: withPhone.id })).toEqual([]);
    await expectAppError(sendPasswordResetLink({ actor: consoleActor('ops-policy'), userId: withPhone.id, reason: REASON }), 'PASSWORD_RESET_NO_DESTINATION');
  });
});
