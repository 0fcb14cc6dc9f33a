import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCommandLine } from '@/lib/cli/run';
import { prisma } from '@/lib/db/prisma';
import { hashRecoverySecret } from '@/lib/recovery/recovery-secret';
import { supportedBrand } from '@/tests/support/staff';
import { addConfirmedAlternateEmail, createTestUser } from '@/tests/support/users';

// `gatehouse support password-reset`, called in-process as `npx gatehouse` calls it.

async function gatehouse(...argv: string[]) {
  const log: string[] = [];
  const error: string[] = [];
  const code = await runCommandLine(argv, { log: (line) => log.push(line), error: (line) => error.push(line) });
  return { code, log: log.join('\n'), error: error.join('\n') };
}

describe('gatehouse support password-reset', () => {
  it('sends the link to the confirmed alternate address and prints only where it went, masked; --via code is refused there', async () => {
    const brand = await supportedBrand();
    // With its app as well, a link can finish the recovery, so a code is refused.
    const mailbox = await createTestUser({ domain: brand.domain, withTotp: true });
    const alternate = `alt-${randomUUID()}@elsewhere.example`;
    await addConfirmedAlternateEmail(mailbox.id, alternate);

    const sent = await gatehouse('support', 'password-reset', '--email', mailbox.email, '--reason', 'Ticket 77 by phone');

    expect(sent).toMatchObject({ code: 0, error: '' });
    expect(sent.log).toMatch(new RegExp(`^Sent a password reset link for ${mailbox.email} to the alternate address a•••@elsewhere\\.example; it works once, until `));
    const link = await prisma.outboundMessage.findFirstOrThrow({ where: { to: alternate, body: { contains: '/sign-in/forgot/link/' } }, select: { body: true } });
    const secret = /\/sign-in\/forgot\/link\/([A-Za-z0-9_-]+)/.exec(link.body)?.[1] as string;
    expect(sent.log).not.toContain(secret);
    expect(await prisma.passwordRecovery.count({ where: { tokenHash: hashRecoverySecret(secret), origin: 'SUPPORT_LINK' } })).toBe(1);

    const refused = await gatehouse('support', 'password-reset', '--email', mailbox.email, '--reason', 'Ticket 77 by phone', '--via', 'code');
    expect(refused).toMatchObject({ code: 2, log: '' });
    expect(refused.error).toContain('A password reset link can finish this mailbox’s recovery');
    expect(await gatehouse('support', 'password-reset', '--email', mailbox.email)).toMatchObject({ code: 2 });
  });

  it('prints a reset code once for a mailbox with nowhere to send a link, which a link cannot reach', async () => {
    const brand = await supportedBrand();
    const mailbox = await createTestUser({ domain: brand.domain });

    const noLink = await gatehouse('support', 'password-reset', '--email', mailbox.email, '--reason', 'Ticket 78 at the desk');
    expect(noLink.code).toBe(2);
    expect(noLink.error).toContain('issue a reset code instead');

    const issued = await gatehouse('support', 'password-reset', '--email', mailbox.email, '--reason', 'Ticket 78 at the desk', '--via', 'code');
    expect(issued).toMatchObject({ code: 0, error: '' });
    const resetCode = /^ {2}([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})$/m.exec(issued.log)?.[1] as string;
    expect(await prisma.passwordRecovery.count({ where: { tokenHash: hashRecoverySecret(resetCode), origin: 'SUPPORT_CODE', userId: mailbox.id } })).toBe(1);
    expect(await gatehouse('support', 'password-reset', '--email', mailbox.email, '--reason', 'x', '--via', 'pigeon')).toMatchObject({ code: 2 });
  });
});
