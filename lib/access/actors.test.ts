import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/actor';
import { consoleActor } from '@/lib/core/console-actor';
import { staffActor } from '@/lib/core/staff-actor';
import { confirmAlternateEmail } from '@/lib/alternate-email/confirm-alternate-email';
import { startAlternateEmailVerification } from '@/lib/alternate-email/start-alternate-email-verification';
import { prisma } from '@/lib/db/prisma';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { removePhone } from '@/lib/phones/remove-phone';
import { startPhoneVerification } from '@/lib/phones/start-phone-verification';
import { expectAppError } from '@/tests/support/errors';
import { readSentCode } from '@/tests/support/outbox';
import { addConfirmedPhone, createTestUser, currentSessionFor, phoneNumbers, selfActorFor, testRequest } from '@/tests/support/users';

const nextNumber = phoneNumbers('505');
const operator = consoleActor('vitest-operator');

/** A staff member of `role`, signed in with a second factor moments ago. */
async function staffMember(role: 'SUPPORT' | 'ADMIN'): Promise<Actor & { kind: 'staff' }> {
  const user = await createTestUser({ withTotp: true, role });
  return staffActor(await currentSessionFor(user, { secondFactorAt: new Date() }), testRequest());
}

async function auditRows(userId: string, type: string) {
  return prisma.auditEvent.findMany({ where: { userId, type }, select: { actorKind: true, actorId: true, operator: true, ip: true } });
}

describe('the console adding a factor for a user', () => {
  it('sends a code to the number, saves it once the user reads the code back, and audits the operator', async () => {
    const user = await createTestUser({ withTotp: true });
    const number = nextNumber();
    const issued = await startPhoneVerification({ actor: operator, userId: user.id, number, country: 'US', channel: 'SMS' });
    expect(issued.destination).toBe(number);
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);

    await confirmPhone({ actor: operator, userId: user.id, code: await readSentCode(number, 'SMS') });
    expect(await prisma.phone.findMany({ where: { userId: user.id }, select: { number: true } })).toEqual([{ number }]);
    expect(await prisma.outboundMessage.count({ where: { to: user.email, subject: { contains: 'sign-in method was added' } } })).toBe(1);
    for (const type of ['code.sent', 'phone.added']) {
      expect(await auditRows(user.id, type)).toEqual([{ actorKind: 'CONSOLE', actorId: null, operator: 'vitest-operator', ip: null }]);
    }
  });

  it('refuses service numbers, sending nothing', async () => {
    const user = await createTestUser({ withTotp: true });
    await expectAppError(
      startPhoneVerification({ actor: operator, userId: user.id, number: '(900) 555-0123', country: 'US', channel: 'VOICE' }),
      'PHONE_NOT_PERSONAL',
    );
    expect(await prisma.outboundMessage.count({ where: { to: '+19005550123' } })).toBe(0);
  });

  it('adds an alternate address the same way, never the mailbox itself', async () => {
    const user = await createTestUser({ withTotp: true });
    await expectAppError(startAlternateEmailVerification({ actor: operator, userId: user.id, address: user.email }), 'ALTERNATE_EMAIL_IS_MAILBOX');
    const address = `console-added-${user.id}@example.net`;
    await startAlternateEmailVerification({ actor: operator, userId: user.id, address });
    expect(await prisma.alternateEmail.count({ where: { userId: user.id } })).toBe(0);
    await confirmAlternateEmail({ actor: operator, userId: user.id, code: await readSentCode(address, 'EMAIL') });
    expect(await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { address: true } })).toEqual({ address });
    expect(await auditRows(user.id, 'alternate_email.added')).toEqual([{ actorKind: 'CONSOLE', actorId: null, operator: 'vitest-operator', ip: null }]);
  });
});

describe('who may act on whom', () => {
  it('lets support add a phone for a user, audited as that staff member', async () => {
    const support = await staffMember('SUPPORT');
    const user = await createTestUser({ withTotp: true });
    const number = nextNumber();
    await startPhoneVerification({ actor: support, userId: user.id, number, country: 'US', channel: 'SMS' });
    await confirmPhone({ actor: support, userId: user.id, code: await readSentCode(number, 'SMS') });
    expect(await auditRows(user.id, 'phone.added')).toEqual([
      { actorKind: 'STAFF', actorId: support.current.user.id, operator: null, ip: support.request.ip },
    ]);
  });

  it("refuses a user acting on another user's account, and records the refusal", async () => {
    const user = await createTestUser({ withTotp: true });
    const victim = await createTestUser({ withTotp: true });
    const phone = await addConfirmedPhone(victim.id, nextNumber());
    const actor = await selfActorFor(user);
    await expectAppError(removePhone({ actor, userId: victim.id, phoneId: phone.id }), 'FORBIDDEN');
    await expectAppError(startPhoneVerification({ actor, userId: victim.id, number: nextNumber(), country: 'US', channel: 'SMS' }), 'FORBIDDEN');
    expect(await prisma.phone.count({ where: { userId: victim.id } })).toBe(1);
    expect(await auditRows(victim.id, 'access.refused')).toEqual([
      { actorKind: 'SELF', actorId: user.id, operator: null, ip: actor.request.ip },
      { actorKind: 'SELF', actorId: user.id, operator: null, ip: actor.request.ip },
    ]);
  });

  it('refuses staff tools on the staff member’s own account, and to a session without a second factor', async () => {
    const support = await staffMember('SUPPORT');
    await expectAppError(
      startPhoneVerification({ actor: support, userId: support.current.user.id, number: nextNumber(), country: 'US', channel: 'SMS' }),
      'FORBIDDEN',
    );
    const passwordOnly = await createTestUser({ role: 'SUPPORT' });
    expect(() => staffActor({ ...support.current, user: { ...support.current.user, id: passwordOnly.id, isMfaEnabled: false } }, testRequest())).toThrow(
      expect.objectContaining({ code: 'STAFF_MFA_REQUIRED' }),
    );
  });

  it('never lets support remove a factor or turn two-factor off: those stay with the owner', async () => {
    const support = await staffMember('SUPPORT');
    const user = await createTestUser({ withTotp: true });
    const phone = await addConfirmedPhone(user.id, nextNumber());
    await expectAppError(removePhone({ actor: support, userId: user.id, phoneId: phone.id }), 'FORBIDDEN');
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(1);
  });
});
