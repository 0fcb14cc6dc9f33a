import { describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { confirmPhone } from '@/lib/phones/confirm-phone';
import { startPhoneVerificationByStaff } from '@/lib/phones/start-phone-verification-by-staff';
import { readSentCode } from './support/outbox';
import { createTestUser } from './support/users';

const CONSOLE = { ip: 'console', userAgent: 'test' };

describe('staff adding a backup phone for a user', () => {
  it('sends a code to the number and saves it only once the user reads that code back', async () => {
    const user = await createTestUser({ withTotp: true });
    const issued = await startPhoneVerificationByStaff({ email: user.email, number: '(505) 555-0142', country: 'US', channel: 'SMS' });
    expect(issued.destination).toBe('+15055550142');
    expect(await prisma.phone.count({ where: { userId: user.id } })).toBe(0);

    const code = await readSentCode('+15055550142', 'SMS');
    await confirmPhone({ user, code, request: CONSOLE });
    expect(await prisma.phone.findMany({ where: { userId: user.id }, select: { number: true } })).toEqual([{ number: '+15055550142' }]);
    expect(await prisma.outboundMessage.count({ where: { to: user.email, subject: { contains: 'sign-in method was added' } } })).toBe(1);
  });

  it('refuses service numbers and unknown accounts, sending nothing', async () => {
    const user = await createTestUser({ withTotp: true });
    await expect(startPhoneVerificationByStaff({ email: user.email, number: '(900) 555-0123', country: 'US', channel: 'VOICE' })).rejects.toMatchObject({
      code: 'INVALID_PHONE_NUMBER',
    });
    await expect(startPhoneVerificationByStaff({ email: 'nobody@example.test', number: '(505) 555-0143', country: 'US', channel: 'SMS' })).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
    expect(await prisma.outboundMessage.count({ where: { to: { in: ['+19005550123', '+15055550143'] } } })).toBe(0);
  });
});

describe('staff adding an alternate e-mail address for a user', () => {
  it('sends a code to the address and saves it once the user reads the code back; never the mailbox itself', async () => {
    const { startAlternateEmailVerificationByStaff } = await import('@/lib/alternate-email/start-alternate-email-verification-by-staff');
    const { confirmAlternateEmail } = await import('@/lib/alternate-email/confirm-alternate-email');
    const user = await createTestUser({ withTotp: true });
    await expect(startAlternateEmailVerificationByStaff({ email: user.email, address: user.email })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const address = `staff-added-${user.id}@example.net`;
    await startAlternateEmailVerificationByStaff({ email: user.email, address });
    expect(await prisma.alternateEmail.count({ where: { userId: user.id } })).toBe(0);
    await confirmAlternateEmail({ user, code: await readSentCode(address, 'EMAIL'), request: CONSOLE });
    expect(await prisma.alternateEmail.findUnique({ where: { userId: user.id }, select: { address: true } })).toEqual({ address });
  });
});
