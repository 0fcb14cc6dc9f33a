import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { selfActor } from '@/lib/core/actor';
import { consoleActor } from '@/lib/core/console-actor';
import type { HeldRole } from '@/lib/core/roles';
import { staffActor } from '@/lib/core/staff-actor';
import type { AuditEventType } from '@/lib/audit/record-audit-event';
import { completeSignIn } from '@/lib/sign-in/complete-sign-in';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import { signOutEverywhere } from '@/lib/sessions/sign-out-everywhere';
import { createBrand } from '@/lib/brands/create-brand';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { setChallengePolicy } from '@/lib/challenge/set-challenge-policy';
import { prisma } from '@/lib/db/prisma';
import { isAppError } from '@/lib/errors/app-error';
import { SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';
import type * as NoticeQueueModule from '@/lib/core/account-notice';
import type { PolicyLayer } from '@/lib/policy/policy-layer';
import { countFailures, MAX_CONSECUTIVE_FAILURES } from '@/lib/rate-limit/failure-throttle';
import { enrolThrottle, passwordThrottle, recoveryCodeThrottle, verifyThrottle } from '@/lib/rate-limit/throttle-keys';
import { findMailboxes } from '@/lib/support/find-mailboxes';
import { issueRecoveryCodes } from '@/lib/support/issue-recovery-codes';
import { readMailboxSecurity } from '@/lib/support/read-mailbox-security';
import { resetRememberedLocations } from '@/lib/support/reset-remembered-locations';
import { resetTwoFactor } from '@/lib/support/reset-two-factor';
import type { SupportRequest } from '@/lib/access/change-account';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { backupCode, totpCode, wrongTotpCode } from '@/tests/support/codes';
import { createTestAppPassword, mailLogin } from '@/tests/support/app-passwords';
import { expectAppError } from '@/tests/support/errors';
import { passwordKey, preloadFailures } from '@/tests/support/limits';
import { latestMessageTo } from '@/tests/support/outbox';
import { startSignIn } from '@/tests/support/sign-in';
import { addConfirmedAlternateEmail, addConfirmedPhone, createTestUser, currentSessionFor, phoneNumbers, testRequest } from '@/tests/support/users';

// The notices are queued through this module; a test switches it to failing to prove that a
// support action's change, audit row and notice commit together or not at all.
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

const operator = consoleActor('vitest-operator');
const nextNumber = phoneNumbers('458');
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const REASON = 'Ticket 4711: lost phone, identity checked by a video call';

/** A brand of this test's own, with a support contact, offering every challenge policy but "Never". */
async function supportedBrand(settings: PolicyLayer = {}) {
  const slug = `sc-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  const name = `Brand ${slug}`;
  const supportContact = `help@${domain}`;
  const brand = await createBrand({ actor: operator, brand: { name, slug, domains: [domain], supportContact } });
  await updateBrandSettings({ actor: operator, brandId: brand.id, changes: { offerNewIpChallenge: true, offerNewCountryChallenge: true, ...settings } });
  return { id: brand.id, slug, domain, name, supportContact };
}

/** A staff member holding `roles`, in a session whose second factor was proven at `secondFactorAt`. */
async function staffWith(roles: HeldRole[], { secondFactorAt = new Date() }: { secondFactorAt?: Date } = {}) {
  const user = await createTestUser({ withTotp: true, roles });
  const actor = staffActor(await currentSessionFor(user, { secondFactorAt }), testRequest());
  return { user: { ...user, totpSecret: user.totpSecret as string }, actor };
}

const brandSupport = (brandId: string, options?: { secondFactorAt?: Date }) => staffWith([{ role: 'BRAND_SUPPORT', brandId }], options);
const platformSupport = () => staffWith([{ role: 'PLATFORM_SUPPORT', brandId: null }]);

/**
 * A mailbox with something for every support action to change: an authenticator app, backup
 * codes, a backup phone, a confirmed alternate address, a session from a public address (which
 * remembers that address and its country), a sign-in waiting at the token prompt, and, unless
 * `isLocked` is false, a locked password.
 */
async function loadedMailbox(domain: string, { roles = [], isLocked = true }: { roles?: HeldRole[]; isLocked?: boolean } = {}) {
  const user = await createTestUser({ withTotp: true, domain, roles });
  const totpSecret = user.totpSecret as string;
  await addConfirmedPhone(user.id, nextNumber());
  const alternate = await addConfirmedAlternateEmail(user.id, `alt-${randomUUID()}@elsewhere.example`);
  const fromUs = { ip: '8.8.8.8', userAgent: 'vitest' };
  await completeSignIn({ pendingLoginToken: (await startSignIn(user, fromUs)).token, code: totpCode(totpSecret), request: fromUs });
  await startSignIn(user, testRequest());
  if (isLocked) await preloadFailures(passwordKey(user.email), MAX_CONSECUTIVE_FAILURES);
  return { ...user, totpSecret, alternate: alternate.address };
}

type SupportVerb = { name: string; auditType: AuditEventType; run: (request: SupportRequest) => Promise<unknown> };

// Every action the support console offers on a mailbox; each must refuse and audit the same way.
const SUPPORT_VERBS: SupportVerb[] = [
  { name: 'Disable 2FA (resetTwoFactor)', auditType: 'support.two_factor_reset', run: resetTwoFactor },
  { name: 'Issue recovery codes', auditType: 'support.recovery_codes_issued', run: issueRecoveryCodes },
  { name: 'Reset remembered locations', auditType: 'support.locations_reset', run: resetRememberedLocations },
  { name: 'Unlock sign-in', auditType: 'sign_in.unlocked', run: unlockSignIn },
  { name: 'Sign out everywhere (staff)', auditType: 'session.signed_out_everywhere', run: signOutEverywhere },
  {
    name: 'Set the challenge policy (staff)',
    auditType: 'challenge_policy.changed',
    run: (request) => setChallengePolicy({ ...request, challengePolicy: 'NEW_COUNTRY' }),
  },
];
const SUCCESS_TYPES: string[] = SUPPORT_VERBS.map((verb) => verb.auditType);

/** Everything a support action could change on a mailbox, and what it could queue or record. */
async function securityStateOf(mailbox: { id: string; email: string; alternate?: string }) {
  const userId = mailbox.id;
  const [totp, unusedBackupCodes, phones, alternateEmails, openSessions, waitingSignIns, locations, user, messages, successRows] = await Promise.all([
    prisma.totpCredential.count({ where: { userId } }),
    prisma.backupCode.count({ where: { userId, usedAt: null } }),
    prisma.phone.count({ where: { userId } }),
    prisma.alternateEmail.count({ where: { userId } }),
    prisma.session.count({ where: { userId, revokedAt: null } }),
    prisma.pendingLogin.count({ where: { userId, consumedAt: null } }),
    prisma.rememberedLocation.count({ where: { userId } }),
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { challengePolicy: true, brandId: true, enrolmentDeadline: true } }),
    prisma.outboundMessage.count({ where: { to: { in: [mailbox.email, ...(mailbox.alternate ? [mailbox.alternate] : [])] } } }),
    prisma.auditEvent.count({ where: { userId, type: { in: SUCCESS_TYPES } } }),
  ]);
  const passwordFailures = await countFailures(passwordKey(mailbox.email));
  return { totp, unusedBackupCodes, phones, alternateEmails, openSessions, waitingSignIns, locations, user, messages, successRows, passwordFailures };
}

function successRowsOf(userId: string, type: AuditEventType) {
  return prisma.auditEvent.findMany({ where: { userId, type }, select: { actorKind: true, actorId: true, operator: true, detail: true } });
}

function countMessages(to: string, subject?: string): Promise<number> {
  return prisma.outboundMessage.count({ where: { to, ...(subject ? { subject: { contains: subject } } : {}) } });
}

function errorCodeOf(outcome: PromiseSettledResult<unknown>): string | null {
  if (outcome.status === 'fulfilled') return null;
  return isAppError(outcome.reason) ? outcome.reason.code : 'NOT_AN_APP_ERROR';
}

describe.each(SUPPORT_VERBS)('the support action $name', ({ run, auditType }) => {
  it('is refused to another brand’s support, even with a forged brand, with the refusal audited and nothing changed', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const mailbox = await loadedMailbox(globex.domain);
    const { user: acmeStaff, actor } = await brandSupport(acme.id);
    const before = await securityStateOf(mailbox);

    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON }), 'FORBIDDEN');
    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: acme.id }), 'FORBIDDEN');

    expect(await securityStateOf(mailbox)).toEqual(before);
    const refusals = await prisma.auditEvent.findMany({ where: { type: 'access.refused', actorId: acmeStaff.id }, select: { userId: true, actorKind: true, detail: true } });
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(refusal).toEqual({ userId: mailbox.id, actorKind: 'STAFF', detail: expect.objectContaining({ brandId: globex.id }) });
  });

  it('is refused on the staff member’s own mailbox, and nothing changes', async () => {
    const brand = await supportedBrand();
    const own = await loadedMailbox(brand.domain, { roles: [{ role: 'BRAND_ADMIN', brandId: brand.id }] });
    const actor = staffActor(await currentSessionFor(own, { secondFactorAt: new Date() }), testRequest());
    const before = await securityStateOf(own);

    await expectAppError(run({ actor, userId: own.id, reason: REASON }), 'FORBIDDEN');

    expect(await securityStateOf(own)).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { type: 'access.refused', userId: own.id, actorId: own.id } })).toBe(1);
  });

  it('is refused on a staff account to everyone but the platform’s administrators, and nothing changes', async () => {
    const brand = await supportedBrand();
    // A platform administrator whose mailbox sits on the brand's domain.
    const administrator = await loadedMailbox(brand.domain, { roles: [{ role: 'PLATFORM_ADMIN', brandId: null }] });
    const before = await securityStateOf(administrator);

    for (const { actor } of [await brandSupport(brand.id), await staffWith([{ role: 'BRAND_ADMIN', brandId: brand.id }]), await platformSupport()]) {
      await expectAppError(run({ actor, userId: administrator.id, reason: REASON }), 'FORBIDDEN');
    }
    expect(await securityStateOf(administrator)).toEqual(before);

    const { actor: otherAdministrator } = await staffWith([{ role: 'PLATFORM_ADMIN', brandId: null }]);
    await run({ actor: otherAdministrator, userId: administrator.id, reason: REASON });
    expect(await prisma.auditEvent.count({ where: { userId: administrator.id, type: auditType } })).toBe(1);
  });

  it('needs the staff member’s second factor from the last 10 minutes: refused without one, or with a code not theirs, done with their own current code', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id, { secondFactorAt: new Date(Date.now() - 11 * MINUTE_MS) });
    const before = await securityStateOf(mailbox);

    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON }), 'REAUTH_REQUIRED');
    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON, code: null }), 'REAUTH_REQUIRED');
    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON, code: wrongTotpCode(staff.totpSecret) }), 'INVALID_CODE');
    // The mailbox owner's code proves nothing about the staff member.
    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON, code: totpCode(mailbox.totpSecret) }), 'INVALID_CODE');
    expect(await securityStateOf(mailbox)).toEqual(before);

    await run({ actor, userId: mailbox.id, reason: REASON, code: totpCode(staff.totpSecret) });
    expect(await successRowsOf(mailbox.id, auditType)).toEqual([expect.objectContaining({ actorKind: 'STAFF', actorId: staff.id })]);
  });

  it('needs a reason: refused when missing, blank or over 1,000 characters, and nothing changes; 1,000 characters are enough', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain);
    const { actor } = await brandSupport(brand.id);
    const before = await securityStateOf(mailbox);

    await expectAppError(run({ actor, userId: mailbox.id }), 'REASON_REQUIRED');
    for (const reason of [null, '', '   ', '\n\t ']) await expectAppError(run({ actor, userId: mailbox.id, reason }), 'REASON_REQUIRED');
    for (const reason of ['x'.repeat(1001), 'x'.repeat(10 * 1024)]) await expectAppError(run({ actor, userId: mailbox.id, reason }), 'REASON_TOO_LONG');
    expect(await securityStateOf(mailbox)).toEqual(before);

    const longest = 'y'.repeat(1000);
    await run({ actor, userId: mailbox.id, reason: `  ${longest}  ` });
    expect(await successRowsOf(mailbox.id, auditType)).toEqual([expect.objectContaining({ detail: expect.objectContaining({ reason: longest }) })]);
  });

  it('leaves a mailbox that moved to another brand since the page showed it untouched (MAILBOX_MOVED)', async () => {
    const domain = `moving-${randomUUID().slice(0, 8)}.example`;
    const mailbox = await loadedMailbox(domain);
    const { actor } = await platformSupport();
    const shown = await readMailboxSecurity({ actor, userId: mailbox.id });
    // A new brand takes the mailbox's domain, and the mailbox with it.
    const slug = `mv-${randomUUID().slice(0, 8)}`;
    const newBrand = await createBrand({ actor: operator, brand: { name: `Brand ${slug}`, slug, domains: [domain] } });
    const before = await securityStateOf(mailbox);
    expect(before.user.brandId).toBe(newBrand.id);

    await expectAppError(run({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: shown.brand.id }), 'MAILBOX_MOVED');

    expect(await securityStateOf(mailbox)).toEqual(before);
    await run({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: newBrand.id });
    expect(await successRowsOf(mailbox.id, auditType)).toHaveLength(1);
  });

  it('e-mails the mailbox and its confirmed alternate address, as the brand’s support, never naming the staff member', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain);
    const { user: staff, actor } = await brandSupport(brand.id);
    const before = { mailbox: await countMessages(mailbox.email), alternate: await countMessages(mailbox.alternate) };

    await run({ actor, userId: mailbox.id, reason: REASON });

    expect({ mailbox: await countMessages(mailbox.email), alternate: await countMessages(mailbox.alternate) }).toEqual({
      mailbox: before.mailbox + 1,
      alternate: before.alternate + 1,
    });
    const notice = await latestMessageTo(mailbox.email, 'EMAIL');
    expect(notice.body).toContain(`${brand.name} support`);
    expect(`${notice.subject} ${notice.body}`).not.toContain(staff.email);
    expect(notice.body).not.toContain(REASON);
  });

  it('changes nothing unless its audit row and notice commit with it', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain);
    const { actor } = await brandSupport(brand.id);
    const before = await securityStateOf(mailbox);

    noticeQueue.isFailing = true;
    try {
      await expect(run({ actor, userId: mailbox.id, reason: REASON })).rejects.toThrow('the outbox is unavailable');
    } finally {
      noticeQueue.isFailing = false;
    }

    expect(await securityStateOf(mailbox)).toEqual(before);
  });

  it('runs at the console with a reason, audited as the console and its operator', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain);
    const name = `op-${randomUUID().slice(0, 8)}`;
    const before = await countMessages(mailbox.email);

    await expectAppError(run({ actor: consoleActor(name), userId: mailbox.id, reason: ' ' }), 'REASON_REQUIRED');
    await run({ actor: consoleActor(name), userId: mailbox.id, reason: 'Ticket 12 from the command line' });

    expect(await successRowsOf(mailbox.id, auditType)).toEqual([
      { actorKind: 'CONSOLE', actorId: null, operator: name, detail: expect.objectContaining({ brandId: brand.id, reason: 'Ticket 12 from the command line' }) },
    ]);
    expect(await countMessages(mailbox.email)).toBe(before + 1);
    expect((await latestMessageTo(mailbox.email, 'EMAIL')).body).toContain(`${brand.name} support`);
  });
});

describe('Disable 2FA (resetTwoFactor)', () => {
  it('removes every factor, session and sign-in in progress, with one audit row and a notice; a brand requiring 2FA then sends the mailbox to enrol, its period not restarted', async () => {
    const brand = await supportedBrand({ requireTwoFactor: true });
    const mailbox = await loadedMailbox(brand.domain, { isLocked: false });
    // The enrolment period this mailbox was given before it enrolled.
    const deadline = new Date(Date.now() + 3 * DAY_MS);
    await prisma.user.update({ where: { id: mailbox.id }, data: { enrolmentDeadline: deadline } });
    const { user: staff, actor } = await brandSupport(brand.id);
    const noticesBefore = await countMessages(mailbox.email, 'two-factor');

    const { removed } = await resetTwoFactor({ actor, userId: mailbox.id, reason: REASON, expectedBrandId: brand.id });

    expect(removed).toEqual(expect.arrayContaining(['totp', 'backup_code', 'sms', 'email']));
    const userId = mailbox.id;
    expect({
      totp: await prisma.totpCredential.count({ where: { userId } }),
      backupCodes: await prisma.backupCode.count({ where: { userId } }),
      phones: await prisma.phone.count({ where: { userId } }),
      alternateEmails: await prisma.alternateEmail.count({ where: { userId } }),
      openSessions: await prisma.session.count({ where: { userId, revokedAt: null } }),
      waitingSignIns: await prisma.pendingLogin.count({ where: { userId, consumedAt: null } }),
    }).toEqual({ totp: 0, backupCodes: 0, phones: 0, alternateEmails: 0, openSessions: 0, waitingSignIns: 0 });
    const rows = await successRowsOf(userId, 'support.two_factor_reset');
    expect(rows).toEqual([
      {
        actorKind: 'STAFF',
        actorId: staff.id,
        operator: null,
        detail: expect.objectContaining({ brandId: brand.id, reason: REASON, removed: expect.arrayContaining(['totp', 'backup_code', 'sms', 'email']) }),
      },
    ]);
    expect(await countMessages(mailbox.email, 'two-factor')).toBe(noticesBefore + 1);
    const notice = await latestMessageTo(mailbox.email, 'EMAIL');
    expect(notice.body).toContain(`${brand.name} support`);
    expect(notice.body).not.toContain(staff.email);

    const next = await signInWithPassword({ email: mailbox.email, password: mailbox.password, request: testRequest() });
    expect(next.next).toBe('enrol');
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { enrolmentDeadline: true } })).enrolmentDeadline).toEqual(deadline);
  });

  it('done by two staff at once resets once: one succeeds, the other finds 2FA already off, one audit row, one notice', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain, { isLocked: false });
    const staff = [await brandSupport(brand.id), await brandSupport(brand.id)];
    const noticesBefore = await countMessages(mailbox.email);

    const outcomes = await Promise.allSettled(staff.map(({ actor }) => resetTwoFactor({ actor, userId: mailbox.id, reason: REASON })));

    expect(outcomes.map(errorCodeOf).sort()).toEqual(['MFA_NOT_ENABLED', null]);
    expect(await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.two_factor_reset' } })).toBe(1);
    expect(await countMessages(mailbox.email)).toBe(noticesBefore + 1);
    expect(await prisma.totpCredential.count({ where: { userId: mailbox.id } })).toBe(0);
  });

  it('is refused for a mailbox with no factor, and records nothing', async () => {
    const brand = await supportedBrand();
    const mailbox = await createTestUser({ domain: brand.domain });
    const { actor } = await brandSupport(brand.id);
    await expectAppError(resetTwoFactor({ actor, userId: mailbox.id, reason: REASON }), 'MFA_NOT_ENABLED');
    expect(await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.two_factor_reset' } })).toBe(0);
    expect(await countMessages(mailbox.email)).toBe(0);
  });
});

describe('Disable 2FA and app passwords', () => {
  it('leaves the mailbox’s app passwords working unless support ticks “also revoke app passwords”', async () => {
    const brand = await supportedBrand();
    const { actor } = await brandSupport(brand.id);
    const kept = await loadedMailbox(brand.domain, { isLocked: false });
    const keptPassword = await createTestAppPassword(kept);
    await resetTwoFactor({ actor, userId: kept.id, reason: REASON });
    expect(await mailLogin({ email: kept.email, password: keptPassword.password })).toMatchObject({ result: 'accept', via: 'app_password' });

    const revoked = await loadedMailbox(brand.domain, { isLocked: false });
    const revokedPassword = await createTestAppPassword(revoked);
    const { appPasswordsRevoked } = await resetTwoFactor({ actor, userId: revoked.id, reason: REASON, revokeAppPasswords: true });
    expect(appPasswordsRevoked).toBe(1);
    expect(await prisma.appPassword.count({ where: { userId: revoked.id } })).toBe(0);
    expect(await mailLogin({ email: revoked.email, password: revokedPassword.password })).toMatchObject({ result: 'refuse' });
    const [row] = await successRowsOf(revoked.id, 'support.two_factor_reset');
    expect(row?.detail).toMatchObject({ appPasswordsRevoked: 1 });
    expect(await latestMessageTo(revoked.email)).toMatchObject({ body: expect.stringContaining('app password was revoked') });
  });
});

describe('Issue recovery codes', () => {
  it('returns 10 new codes that sign in; the old codes stop working and the authenticator app stays', async () => {
    const brand = await supportedBrand();
    const mailbox = await createTestUser({ withTotp: true, domain: brand.domain });
    const [oldCode] = mailbox.backupCodes;
    const { actor } = await brandSupport(brand.id);

    const { codes } = await issueRecoveryCodes({ actor, userId: mailbox.id, reason: REASON });

    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes.filter((code) => mailbox.backupCodes.includes(code))).toEqual([]);
    const request = testRequest();
    await expectAppError(
      completeSignIn({ pendingLoginToken: (await startSignIn(mailbox, request)).token, code: backupCode(oldCode as string), request }),
      'INVALID_CODE',
    );
    const session = await completeSignIn({ pendingLoginToken: (await startSignIn(mailbox, request)).token, code: backupCode(codes[0] as string), request });
    expect(session.userId).toBe(mailbox.id);
    expect(await prisma.backupCode.count({ where: { userId: mailbox.id, usedAt: null } })).toBe(9);
    expect(await prisma.totpCredential.count({ where: { userId: mailbox.id } })).toBe(1);
    await expect(
      completeSignIn({ pendingLoginToken: (await startSignIn(mailbox, request)).token, code: totpCode(mailbox.totpSecret as string), request }),
    ).resolves.toMatchObject({ userId: mailbox.id });

    // The codes go to the staff member once: never into the audit row or the user's e-mail.
    const [row] = await successRowsOf(mailbox.id, 'support.recovery_codes_issued');
    const notice = await latestMessageTo(mailbox.email, 'EMAIL');
    for (const code of codes) {
      expect(JSON.stringify(row?.detail)).not.toContain(code);
      expect(notice.body).not.toContain(code);
    }
  });

  it('is refused for a mailbox without two-factor on, and creates no codes', async () => {
    const brand = await supportedBrand();
    const mailbox = await createTestUser({ domain: brand.domain });
    const { actor } = await brandSupport(brand.id);
    await expectAppError(issueRecoveryCodes({ actor, userId: mailbox.id, reason: REASON }), 'MFA_NOT_ENABLED');
    expect(await prisma.backupCode.count({ where: { userId: mailbox.id } })).toBe(0);
  });
});

describe('Reset remembered locations', () => {
  it('forgets every remembered address and country; two staff at once reset once, with one notice to each address', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain, { isLocked: false });
    expect(await prisma.rememberedLocation.count({ where: { userId: mailbox.id } })).toBeGreaterThan(0);
    const staff = [await brandSupport(brand.id), await brandSupport(brand.id)];
    const before = { mailbox: await countMessages(mailbox.email), alternate: await countMessages(mailbox.alternate) };

    const outcomes = await Promise.allSettled(staff.map(({ actor }) => resetRememberedLocations({ actor, userId: mailbox.id, reason: REASON })));

    expect(outcomes.map(errorCodeOf).sort()).toEqual(['NO_REMEMBERED_LOCATIONS', null]);
    expect(await prisma.rememberedLocation.count({ where: { userId: mailbox.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.locations_reset' } })).toBe(1);
    expect({ mailbox: await countMessages(mailbox.email), alternate: await countMessages(mailbox.alternate) }).toEqual({
      mailbox: before.mailbox + 1,
      alternate: before.alternate + 1,
    });
  });
});

describe('Reset remembered locations of a mailbox that remembers nothing', () => {
  it('is refused (NO_REMEMBERED_LOCATIONS), also after a password-only sign-in that only noted its country, with no notice and no audit row', async () => {
    const brand = await supportedBrand();
    const mailbox = await createTestUser({ domain: brand.domain });
    const { actor } = await brandSupport(brand.id);
    await expectAppError(resetRememberedLocations({ actor, userId: mailbox.id, reason: REASON }), 'NO_REMEMBERED_LOCATIONS');

    // A sign-in with the password alone remembers nothing: the console shows no location to reset.
    await signInWithPassword({ email: mailbox.email, password: mailbox.password, request: { ip: '8.8.8.8', userAgent: 'vitest' } });
    expect((await readMailboxSecurity({ actor, userId: mailbox.id })).locations).toEqual([]);
    const messagesBefore = await countMessages(mailbox.email);

    await expectAppError(resetRememberedLocations({ actor, userId: mailbox.id, reason: REASON }), 'NO_REMEMBERED_LOCATIONS');

    expect(await countMessages(mailbox.email)).toBe(messagesBefore);
    expect(await prisma.auditEvent.count({ where: { userId: mailbox.id, type: 'support.locations_reset' } })).toBe(0);
  });
});

describe('Unlock sign-in', () => {
  it('clears every lock: the password, every kind of code, and adding an app, a phone or an address', async () => {
    const brand = await supportedBrand();
    const mailbox = await createTestUser({ withTotp: true, domain: brand.domain });
    const locks = new Set([
      passwordThrottle({ email: mailbox.email, ip: '' }).account,
      recoveryCodeThrottle({ email: mailbox.email, ip: '' }).account,
      ...SECOND_FACTOR_KINDS.flatMap((kind) => [
        verifyThrottle({ kind: kind.check, userId: mailbox.id, ip: '' }).account,
        ...(kind.enrolThrottle ? [enrolThrottle({ kind: kind.enrolThrottle, userId: mailbox.id, ip: '' }).account] : []),
      ]),
    ]);
    for (const lock of locks) await preloadFailures(lock, MAX_CONSECUTIVE_FAILURES);
    await expectAppError(signInWithPassword({ email: mailbox.email, password: mailbox.password, request: testRequest() }), 'ACCOUNT_LOCKED');
    const { actor } = await brandSupport(brand.id);
    const shownLocks = (await readMailboxSecurity({ actor, userId: mailbox.id })).locks;
    expect(shownLocks.length).toBeGreaterThan(0);
    expect(shownLocks.every((lock) => lock.isLocked)).toBe(true);

    await unlockSignIn({ actor, userId: mailbox.id, reason: REASON });

    for (const lock of locks) expect({ lock, failures: await countFailures(lock) }).toEqual({ lock, failures: 0 });
    expect((await readMailboxSecurity({ actor, userId: mailbox.id })).locks).toEqual([]);
    await expect(signInWithPassword({ email: mailbox.email, password: mailbox.password, request: testRequest() })).resolves.toMatchObject({
      next: 'second-factor',
    });
  });
});

describe('Sign out everywhere by staff', () => {
  it('ends every session and sign-in in progress of the mailbox, and none of the staff member’s', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain, { isLocked: false });
    const { user: staff, actor } = await brandSupport(brand.id);
    const { revoked } = await signOutEverywhere({ actor, userId: mailbox.id, reason: REASON });
    expect(revoked).toBeGreaterThan(0);
    expect(await prisma.session.count({ where: { userId: mailbox.id, revokedAt: null } })).toBe(0);
    expect(await prisma.pendingLogin.count({ where: { userId: mailbox.id, consumedAt: null } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: staff.id, revokedAt: null } })).toBe(1);
  });
});

describe('the support console’s search', () => {
  it('refuses an empty, blank or overlong query', async () => {
    const { actor } = await platformSupport();
    for (const query of ['', '   ', '\n\t ']) await expectAppError(findMailboxes({ actor, query }), 'SEARCH_QUERY_EMPTY');
    for (const query of ['a'.repeat(255), `${'a'.repeat(250)}@x.example`, 'x'.repeat(10 * 1024)]) {
      await expectAppError(findMailboxes({ actor, query }), 'SEARCH_QUERY_TOO_LONG');
    }
    // The longest e-mail address there can be is still a query.
    await expect(findMailboxes({ actor, query: `${'a'.repeat(64)}@${'b'.repeat(180)}.example` })).resolves.toEqual({ mailboxes: [], isTruncated: false });
  });

  it('finds only the brand’s own mailboxes for brand support, by address and by domain; platform support finds every brand’s', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const acmeMailboxes = [await createTestUser({ domain: acme.domain }), await createTestUser({ domain: acme.domain })];
    const globexMailbox = await createTestUser({ domain: globex.domain });
    const { actor: acmeSupport } = await brandSupport(acme.id);
    const emails = (result: { mailboxes: Array<{ email: string }> }) => result.mailboxes.map((mailbox) => mailbox.email);
    const acmeEmails = acmeMailboxes.map((mailbox) => mailbox.email).sort();

    expect(emails(await findMailboxes({ actor: acmeSupport, query: acme.domain }))).toEqual(acmeEmails);
    expect(emails(await findMailboxes({ actor: acmeSupport, query: ` ${acme.domain.toUpperCase()} ` }))).toEqual(acmeEmails);
    expect(emails(await findMailboxes({ actor: acmeSupport, query: acmeMailboxes[0]?.email ?? '' }))).toEqual([acmeMailboxes[0]?.email]);
    expect(emails(await findMailboxes({ actor: acmeSupport, query: `@${acme.domain}` }))).toEqual(acmeEmails);
    expect(emails(await findMailboxes({ actor: acmeSupport, query: globex.domain }))).toEqual([]);
    expect(emails(await findMailboxes({ actor: acmeSupport, query: globexMailbox.email }))).toEqual([]);
    expect(emails(await findMailboxes({ actor: acmeSupport, query: `${globexMailbox.email.split('@')[0]}@` }))).toEqual([]);

    const { actor: platform } = await platformSupport();
    expect(emails(await findMailboxes({ actor: platform, query: globex.domain }))).toEqual([globexMailbox.email]);
    expect(emails(await findMailboxes({ actor: platform, query: globexMailbox.email }))).toEqual([globexMailbox.email]);
    expect(emails(await findMailboxes({ actor: platform, query: acme.domain }))).toEqual(acmeEmails);
    expect((await findMailboxes({ actor: platform, query: globex.domain })).mailboxes[0]).toMatchObject({ brandName: globex.name, brandSlug: globex.slug });
  });

  it('is refused to a mailbox user, and opening another brand’s mailbox is refused to its support', async () => {
    const [acme, globex] = [await supportedBrand(), await supportedBrand()];
    const user = await createTestUser({ withTotp: true, domain: acme.domain });
    const self = selfActor(await currentSessionFor(user, { secondFactorAt: new Date() }), testRequest());
    await expectAppError(findMailboxes({ actor: self, query: acme.domain }), 'FORBIDDEN');
    await expectAppError(readMailboxSecurity({ actor: self, userId: user.id }), 'FORBIDDEN');

    const globexMailbox = await createTestUser({ domain: globex.domain });
    const { user: acmeStaff, actor } = await brandSupport(acme.id);
    await expectAppError(readMailboxSecurity({ actor, userId: globexMailbox.id }), 'FORBIDDEN');
    expect(await prisma.auditEvent.count({ where: { type: 'access.refused', actorId: acmeStaff.id, userId: globexMailbox.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { type: 'support.mailbox_viewed', userId: globexMailbox.id } })).toBe(0);
  });
});

describe('what the support console shows of a mailbox', () => {
  it('shows the factors masked, never a secret, and records who looked', async () => {
    const brand = await supportedBrand();
    const mailbox = await loadedMailbox(brand.domain, { isLocked: false });
    const phone = await prisma.phone.findFirstOrThrow({ where: { userId: mailbox.id }, select: { number: true } });
    const { user: staff, actor } = await brandSupport(brand.id);

    const shown = await readMailboxSecurity({ actor, userId: mailbox.id });

    expect(shown).toMatchObject({ id: mailbox.id, email: mailbox.email, isMfaEnabled: true, unusedBackupCodes: 10, brand: { id: brand.id } });
    expect(shown.factors.length).toBe(3);
    const everything = JSON.stringify(shown);
    expect(everything).not.toContain(mailbox.totpSecret);
    expect(everything).not.toContain(phone.number);
    expect(everything).not.toContain(mailbox.alternate);
    for (const code of mailbox.backupCodes) expect(everything).not.toContain(code);
    expect(await prisma.auditEvent.count({ where: { type: 'support.mailbox_viewed', userId: mailbox.id, actorId: staff.id } })).toBe(1);
  });
});
