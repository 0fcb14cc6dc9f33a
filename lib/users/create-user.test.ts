import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCommandLine } from '@/lib/cli/run';
import { prisma } from '@/lib/db/prisma';
import { createUser } from '@/lib/users/create-user';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { TEST_CONSOLE, TEST_PASSWORD } from '@/tests/support/users';

// A new account's password is judged like any new password: the estimator, with the words of the
// address and of the brand owning its domain. A refusal creates nothing and writes no audit row.

const countAccounts = (email: string) => prisma.user.count({ where: { email } });
// Audit rows written by this test's own operator: other files create accounts in the same
// database meanwhile, and their rows must not move this count (seen with two workers).
const countAuditRowsBy = (operator: string) => prisma.auditEvent.count({ where: { operator } });

describe('creating an account', () => {
  it('refuses a guessable password with the estimator\'s advice, and creates nothing', async () => {
    const email = `new-${randomUUID()}@example.test`;
    const actor = { ...TEST_CONSOLE, operator: `create-user-test-${randomUUID()}` };
    const refused = await expectAppError(createUser({ email, password: 'iloveyou1' }, { actor }), 'PASSWORD_TOO_WEAK');
    expect(refused.fieldErrors?.password?.[0]).toMatch(/^This password is too easy to guess\. This is a commonly used password\./);
    const short = await expectAppError(createUser({ email, password: 'kq8v' }, { actor }), 'INVALID_INPUT');
    expect(short.fieldErrors?.password).toEqual(['Use at least 8 characters.']);
    expect(await countAccounts(email)).toBe(0);
    expect(await countAuditRowsBy(actor.operator)).toBe(0);
  });

  it('refuses a password made of its brand\'s name or domain, which a stranger\'s account could use', async () => {
    const brand = await createTestBrand();
    const password = `${brand.slug}2026`;
    const elsewhere = await createUser({ email: `new-${randomUUID()}@example.test`, password }, { actor: TEST_CONSOLE });
    expect(elsewhere.email).toMatch(/@example\.test$/);
    const email = `new-${randomUUID().slice(0, 8)}@${brand.domain}`;
    const refused = await expectAppError(createUser({ email, password }, { actor: TEST_CONSOLE }), 'PASSWORD_TOO_WEAK');
    expect(refused.fieldErrors?.password?.[0]).toContain('personal');
    expect(await countAccounts(email)).toBe(0);
  });

  it('at the command line, prints the advice beside --password, exits 2 and creates nothing', async () => {
    const email = `cli-${randomUUID().slice(0, 8)}@example.test`;
    const log: string[] = [];
    const error: string[] = [];
    const code = await runCommandLine(['user', 'create', '--email', email, '--password', 'Summer2026!'], {
      log: (line) => log.push(line),
      error: (line) => error.push(line),
    });
    expect(code).toBe(2);
    expect(error.join('\n')).toMatch(/--password: This password is too easy to guess\./);
    expect(await countAccounts(email)).toBe(0);
    expect(await runCommandLine(['user', 'create', '--email', email, '--password', TEST_PASSWORD], { log: () => {}, error: () => {} })).toBe(0);
  });
});
