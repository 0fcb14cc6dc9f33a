import { selfActorFor } from '@/tests/support/users';
import { selfActor } from '@/lib/core/actor';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { removeAlternateEmail } from '@/lib/alternate-email/remove-alternate-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { prisma } from '@/lib/db/prisma';
import { ZSecondFactorCodeSchema } from '@/lib/mfa/code-schema';
import { expectAppError } from '@/tests/support/errors';
import { readSentCode } from '@/tests/support/outbox';
import { createMfaUser, currentSessionFor, testRequest } from '@/tests/support/users';

// SECURITY.md: re-authentication before changing an e-mail factor, and an e-mail notice to the
// mailbox when a factor is added or removed, saying what to do if it was not the owner.

async function noticesTo(email: string) {
  return prisma.outboundMessage.findMany({ where: { to: email, channel: 'EMAIL' }, select: { subject: true, body: true } });
}

describe('an alternate e-mail address', () => {
  it('needs a recent second factor to add; nothing is sent without one', async () => {
    const user = await createMfaUser();
    const stale = await currentSessionFor(user, { secondFactorAt: new Date(Date.now() - 60 * 60 * 1000) });
    const address = `alt-${randomUUID()}@example.net`;
    await expectAppError(startAlternateEmailVerification({ actor: selfActor(stale, testRequest()), userId: stale.user.id, address, code: null }), 'REAUTH_REQUIRED');
    expect(await prisma.outboundMessage.count({ where: { to: address } })).toBe(0);

    await startAlternateEmailVerification({ actor: selfActor(stale, testRequest()), userId: stale.user.id, address, code: ZSecondFactorCodeSchema.parse(user.firstBackupCode) });
    expect(await prisma.outboundMessage.count({ where: { to: address } })).toBe(1);
  });

  it('is refused when it delivers into the mailbox itself (the same address, or with a +tag), and nothing is sent', async () => {
    const user = await createMfaUser();
    const actor = await selfActorFor(user);
    const [local, domain] = user.email.split('@');
    for (const address of [user.email, user.email.toUpperCase(), `${local}+recovery@${domain}`]) {
      const refused = await expectAppError(startAlternateEmailVerification({ actor, userId: user.id, address }), 'ALTERNATE_EMAIL_IS_MAILBOX');
      expect(refused.fieldErrors?.address?.[0]).toMatch(/delivers into this mailbox/);
      expect(await prisma.outboundMessage.count({ where: { to: address.toLowerCase() } })).toBe(0);
    }
    expect(await prisma.alternateEmail.count({ where: { userId: user.id } })).toBe(0);
  });

  it('once confirmed, is announced to the mailbox with what to do if it was not the owner, and audited', async () => {
    const user = await createMfaUser();
    const current = await currentSessionFor(user, { secondFactorAt: new Date() });
    const address = `alt-${randomUUID()}@example.net`;
    await startAlternateEmailVerification({ actor: selfActor(current, testRequest()), userId: current.user.id, address, code: null });
    await confirmAlternateEmail({ actor: await selfActorFor(user, { request: testRequest() }), userId: user.id, code: await readSentCode(address, 'EMAIL') });

    const [notice] = await noticesTo(user.email);
    expect(notice?.subject).toBe('Gatehouse: A sign-in method was added');
    expect(notice?.body).toMatch(/alternate e-mail address a•••@example\.net was added/);
    expect(notice?.body).toMatch(/If it was not you/);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'alternate_email.added' } })).toBe(1);
  });

  it('needs a recent second factor to remove, is announced and audited, and the last factor cannot go this way', async () => {
    const user = await createMfaUser();
    await prisma.alternateEmail.create({ data: { userId: user.id, address: `alt-${randomUUID()}@example.net` } });
    const stale = await currentSessionFor(user, { secondFactorAt: null });
    await expectAppError(removeAlternateEmail({ actor: selfActor(stale, testRequest()), userId: stale.user.id, code: null }), 'REAUTH_REQUIRED');
    expect(await prisma.alternateEmail.count({ where: { userId: user.id } })).toBe(1);

    await removeAlternateEmail({ actor: selfActor(stale, testRequest()), userId: stale.user.id, code: ZSecondFactorCodeSchema.parse(user.firstBackupCode) });
    expect(await prisma.alternateEmail.count({ where: { userId: user.id } })).toBe(0);
    expect((await noticesTo(user.email)).map((notice) => notice.subject)).toContain('Gatehouse: A sign-in method was removed');
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'alternate_email.removed' } })).toBe(1);

    // An account whose only factor is the address keeps it: removing it would turn MFA off
    // without the password.
    const alone = await createMfaUser();
    await prisma.totpCredential.delete({ where: { userId: alone.id } });
    await prisma.alternateEmail.create({ data: { userId: alone.id, address: `alt-${randomUUID()}@example.net` } });
    const session = await currentSessionFor(alone, { secondFactorAt: new Date() });
    await expectAppError(removeAlternateEmail({ actor: selfActor(session, testRequest()), userId: session.user.id, code: null }), 'LAST_FACTOR');
    expect(await prisma.alternateEmail.count({ where: { userId: alone.id } })).toBe(1);
  });
});
