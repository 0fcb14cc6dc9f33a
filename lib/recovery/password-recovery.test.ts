import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db/prisma';
import { purgeExpiredRecords } from '@/lib/maintenance/purge-expired-records';
import { signInWithPassword } from '@/lib/sign-in/sign-in-with-password';
import type { RequestContext } from '@/lib/http/request-context';
import { appCode, backupCode, totpCode } from '@/tests/support/codes';
import { envOverrides, OUTBOX_BASELINE } from '@/tests/support/env';
import { expectAppError } from '@/tests/support/errors';
import { countMessagesTo, latestMessageTo, readSentCode } from '@/tests/support/outbox';
import { startSignIn } from '@/tests/support/sign-in';
import { createTestAppPassword } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import {
  addConfirmedAlternateEmail,
  addConfirmedPhone,
  createMfaUser,
  createTestUser,
  currentSessionFor,
  phoneNumbers,
  testRequest,
} from '@/tests/support/users';
import type { RecoveryOrigin, RecoveryProof } from '@/lib/db/generated/enums';
import { finishPasswordRecovery } from './finish-password-recovery';
import { openRecoveryWithSupportCode } from './open-recovery-with-support-code';
import { hashRecoverySecret, newRecoverySecret } from './recovery-secret';
import { newSupportResetCode } from './support-reset-code';
import { proveRecoveryFactor } from './prove-recovery-factor';
import { readPasswordRecovery } from './read-password-recovery';
import { sendRecoveryCode } from './send-recovery-code';
import { startPasswordRecovery } from './start-password-recovery';
import { beginAttempt } from '@/lib/rate-limit/failure-throttle';
import { limiter } from '@/lib/rate-limit/limiters';
import { recoveryCodeThrottle, verifyThrottle } from '@/lib/rate-limit/throttle-keys';
import { inOwnDatabase } from '@/tests/support/own-database';

// Self-service recovery end to end through its verbs, against the real database: what each
// address is shown, what each mailbox must prove, and what the last step changes.

// A database of its own: "sends nothing" and "starts nothing" are counted across the whole
// outbox and recovery table, which other files write to meanwhile (a parallel file's message
// moved the count once).
inOwnDatabase('gh_password_recovery');

const NEW_PASSWORD = 'violet kettle harbour 42';
const nextNumber = phoneNumbers('657');
const env = envOverrides();
beforeEach(() => env.set({ ...OUTBOX_BASELINE }));
afterAll(() => env.restore());

const passwordHashOf = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })).passwordHash;

async function withAlternate(user: { id: string }) {
  const alternate = await addConfirmedAlternateEmail(user.id, `alt-${user.id}@elsewhere.test`);
  return alternate.address;
}

/**
 * A recovery as support's link or code leaves it (their verbs are another helper's): the row with
 * its proofs already set, 30 minutes. Test setup, not the flow under test.
 */
async function issuedRecovery(user: { id: string; email: string }, origin: RecoveryOrigin, proofs: RecoveryProof[]) {
  const secret = origin === 'SUPPORT_CODE' ? newSupportResetCode() : newRecoverySecret();
  await prisma.passwordRecovery.create({
    data: { tokenHash: hashRecoverySecret(secret), userId: user.id, email: user.email, origin, proofs, expiresAt: new Date(Date.now() + 30 * 60 * 1000) },
  });
  return { secret, request: testRequest() };
}

/** A mailbox with an authenticator and an alternate address, its recovery ready for a new password. */
async function readyRecovery() {
  const user = await createMfaUser();
  const alternate = await withAlternate(user);
  const { secret, request } = await recoverThroughAlternate(user, alternate);
  await proveRecoveryFactor({ secret, proof: { kind: 'factor', code: totpCode(user.totpSecret) }, request });
  return { user, alternate, secret, request };
}

/** Starts a recovery and proves the alternate address, as the pages do. */
async function recoverThroughAlternate(user: { email: string }, alternate: string, request: RequestContext = testRequest()) {
  const { secret } = await startPasswordRecovery({ email: user.email, request });
  await sendRecoveryCode({ secret, destination: 'email', request });
  await proveRecoveryFactor({ secret, proof: { kind: 'sent', code: await readSentCode(alternate, 'EMAIL') }, request });
  return { secret, request };
}

describe('starting a recovery', () => {
  it('answers every address alike: a secret, and a page of destinations, decoys where there is no mailbox or nowhere to send', async () => {
    const request = testRequest();
    const user = await createTestUser();
    const alternate = await withAlternate(user);
    const bare = await createTestUser();
    const unknown = `nobody-${user.id}@example.test`;

    const answers = await Promise.all([user.email, bare.email, unknown].map((email) => startPasswordRecovery({ email, request })));
    for (const answer of answers) expect(Object.keys(answer).sort()).toEqual(['expiresAt', 'secret']);

    const [known, none, stranger] = await Promise.all(answers.map(({ secret }) => readPasswordRecovery({ secret })));
    expect(known?.step).toMatchObject({ step: 'choose-destination', destinations: [{ key: 'email', channel: 'EMAIL', masked: `a•••@elsewhere.test` }] });
    expect(JSON.stringify(known?.step)).not.toContain(alternate.split('@')[0]);
    for (const decoy of [none, stranger]) {
      expect(decoy?.step.step).toBe('choose-destination');
      expect(decoy?.step.step === 'choose-destination' && decoy.step.destinations.length).toBeGreaterThan(0);
    }
    // The same decoys every time the address is asked about: a reload shows the same page.
    const again = await readPasswordRecovery({ secret: (await startPasswordRecovery({ email: unknown.toUpperCase(), request })).secret });
    expect(again?.step).toEqual(stranger?.step);
  });

  it('takes comparable time for a mailbox and an address that is no mailbox', async () => {
    const user = await createMfaUser();
    await withAlternate(user);
    const unknown = `nobody-${user.id}@example.test`;
    const time = async (email: string) => {
      const began = performance.now();
      await startPasswordRecovery({ email, request: testRequest() });
      return performance.now() - began;
    };
    const known: number[] = [];
    const missing: number[] = [];
    for (let round = 0; round < 12; round++) {
      known.push(await time(user.email));
      missing.push(await time(unknown));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    expect(Math.abs(median(known) - median(missing))).toBeLessThan(Math.max(15, median(known)));
  });

  it('sends nothing for a decoy, yet counts it like a send, and refuses any code typed for it', async () => {
    const request = testRequest();
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const { secret } = await startPasswordRecovery({ email: unknown, request });
    const read = await readPasswordRecovery({ secret });
    const [decoy] = read?.step.step === 'choose-destination' ? read.step.destinations : [];
    const before = await prisma.outboundMessage.count();
    await expect(sendRecoveryCode({ secret, destination: decoy?.key ?? 'email', request })).resolves.toMatchObject({ masked: decoy?.masked });
    expect(await prisma.outboundMessage.count()).toBe(before);
    await expectAppError(proveRecoveryFactor({ secret, proof: { kind: 'sent', code: '123456' }, request }), 'INVALID_CODE');
    await expectAppError(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request }), 'RECOVERY_NOT_READY');
  });

  it('answers every sequence of sends and wrong codes alike for a mailbox and an address that is no mailbox', async () => {
    const user = await createTestUser();
    const alternate = await withAlternate(user);
    const unknown = `nobody-${user.id}@example.test`;

    /** What the visitor is told, step by step: a code posted before any send, a send, 8 wrong codes, another send, 5 more. */
    const drive = async (email: string, sentTo: string | null) => {
      const request = testRequest();
      const { secret } = await startPasswordRecovery({ email, request });
      const read = await readPasswordRecovery({ secret });
      const key = read?.step.step === 'choose-destination' ? (read.step.destinations[0]?.key ?? 'email') : 'email';
      const answers: string[] = [];
      const answer = (promise: Promise<unknown>) =>
        promise.then(
          () => 'ok',
          (error: { code?: string; retryAfterSeconds?: number }) => `${error.code}${error.retryAfterSeconds ? `:${error.retryAfterSeconds}` : ''}`,
        );
      // A code that is not the one sent: the live one's neighbour (nothing is sent for a decoy).
      const wrongCode = async () => {
        const sent = sentTo && (await countMessagesTo(sentTo)) > 0 ? await readSentCode(sentTo, 'EMAIL') : '000000';
        return String((Number(sent) + 1) % 1_000_000).padStart(6, '0');
      };
      const wrong = async () => {
        for (;;) {
          const told = await answer(proveRecoveryFactor({ secret, proof: { kind: 'sent', code: await wrongCode() }, request }));
          answers.push(told);
          // The throttle asks for a wait: taken at once (its slot ended), then the same try again.
          if (!told.startsWith('TOO_MANY_ATTEMPTS')) return;
          await limiter('wait', { points: 1, durationSeconds: 1 }).delete(recoveryCodeThrottle({ email, ip: request.ip }).account);
        }
      };
      await wrong();
      answers.push(await answer(sendRecoveryCode({ secret, destination: key, request })));
      for (let attempt = 0; attempt < 8; attempt++) await wrong();
      answers.push(await answer(sendRecoveryCode({ secret, destination: key, request })));
      for (let attempt = 0; attempt < 5; attempt++) await wrong();
      return answers;
    };

    const mailbox = await drive(user.email, alternate);
    const stranger = await drive(unknown, null);
    expect(stranger).toEqual(mailbox);
    // The sequence met every answer it should: tries used up, waits, and the recovery's end.
    expect(mailbox).toEqual(expect.arrayContaining(['INVALID_CODE', 'SENT_CODE_TRIES_USED', 'RECOVERY_NOT_FOUND']));
    expect(mailbox.some((told) => told.startsWith('TOO_MANY_ATTEMPTS'))).toBe(true);
  });

  it('counts wrong recovery codes on recovery\'s own throttle, never on the owner\'s sign-in codes', async () => {
    const user = await createTestUser();
    const alternate = await withAlternate(user);
    const request = testRequest();
    const { secret } = await startPasswordRecovery({ email: user.email, request });
    await sendRecoveryCode({ secret, destination: 'email', request });
    const wrong = String((Number(await readSentCode(alternate, 'EMAIL')) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectAppError(proveRecoveryFactor({ secret, proof: { kind: 'sent', code: wrong }, request }), 'INVALID_CODE');
    }
    // Five failures would make the next sign-in code wait: the sign-in's own count is untouched.
    expect(await limiter('fail', { points: 100, durationSeconds: 0 }).get(verifyThrottle({ kind: 'sent_code', userId: user.id, ip: request.ip }).account)).toBeNull();
    await expect(beginAttempt(verifyThrottle({ kind: 'sent_code', userId: user.id, ip: testRequest().ip }))).resolves.toBeUndefined();
    await expectAppError(proveRecoveryFactor({ secret, proof: { kind: 'sent', code: wrong }, request }), 'TOO_MANY_ATTEMPTS');
  });

  it('shows no phone among the decoys of an address whose brand sends no texts', async () => {
    const brand = await createTestBrand({ smsAvailable: false });
    const request = testRequest();
    const shown = [];
    for (let index = 0; index < 24; index++) {
      const { secret } = await startPasswordRecovery({ email: `nobody-${index}-${crypto.randomUUID()}@${brand.domain}`, request });
      const read = await readPasswordRecovery({ secret });
      shown.push(...(read?.step.step === 'choose-destination' ? read.step.destinations : []));
    }
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((destination) => destination.channel !== 'EMAIL')).toEqual([]);
  });

  it('refuses an address of 10 kB as input, and writes nothing', async () => {
    const before = await prisma.passwordRecovery.count();
    const refusal = await expectAppError(startPasswordRecovery({ email: `${'a'.repeat(10_000)}@example.test`, request: testRequest() }), 'INVALID_INPUT');
    expect(refusal.fieldErrors?.email?.[0]).toBe('That e-mail address is too long.');
    expect(await prisma.passwordRecovery.count()).toBe(before);
  });

  it('lets a restricted login start no recovery of its own account', async () => {
    const user = await createTestUser();
    await withAlternate(user);
    const restricted = await currentSessionFor(user, { secondFactorAt: null, isRestricted: true });
    const session = { userId: restricted.user.id, isRestricted: true };
    await expectAppError(startPasswordRecovery({ email: user.email, request: testRequest(), session }), 'RECOVERY_FOR_SIGNED_IN_ACCOUNT');
    const other = await createTestUser();
    await expect(startPasswordRecovery({ email: other.email, request: testRequest(), session })).resolves.toHaveProperty('secret');
  });

  it('never sends to an alternate address that delivers into the mailbox itself', async () => {
    const user = await createTestUser();
    const [local, domain] = user.email.split('@');
    await addConfirmedAlternateEmail(user.id, `${local}+backup@${domain}`);
    const { secret } = await startPasswordRecovery({ email: user.email, request: testRequest() });
    const read = await readPasswordRecovery({ secret });
    // Decoys: nothing of the mailbox's own is offered.
    expect(JSON.stringify(read?.step)).not.toContain(domain);
  });
});

describe('proving who you are', () => {
  it('asks a mailbox with a second factor for two different proofs: the alternate address, then its authenticator', async () => {
    const user = await createMfaUser();
    const alternate = await withAlternate(user);
    const { secret, request } = await recoverThroughAlternate(user, alternate);

    const afterOne = await readPasswordRecovery({ secret });
    expect(afterOne?.step).toMatchObject({ step: 'prove-another', proofs: ['ALTERNATE_EMAIL'], acceptsAuthenticator: true, acceptsBackupCode: true, destinations: [] });
    await expectAppError(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request }), 'RECOVERY_NOT_READY');
    // The same proof twice is still one.
    await sendRecoveryCode({ secret, destination: 'email', request }).catch(() => undefined);

    await proveRecoveryFactor({ secret, proof: { kind: 'factor', code: totpCode(user.totpSecret) }, request });
    expect((await readPasswordRecovery({ secret }))?.step.step).toBe('new-password');
  });

  it('takes a backup code as the second proof, and spends it', async () => {
    const user = await createMfaUser();
    const alternate = await withAlternate(user);
    const { secret, request } = await recoverThroughAlternate(user, alternate);
    await proveRecoveryFactor({ secret, proof: { kind: 'factor', code: backupCode(user.firstBackupCode) }, request });
    expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
    expect((await readPasswordRecovery({ secret }))?.step.step).toBe('new-password');
  });

  it('spends one backup code when two are posted at once for the same proof', async () => {
    const user = await createMfaUser();
    const alternate = await withAlternate(user);
    const { secret, request } = await recoverThroughAlternate(user, alternate);
    const results = await Promise.allSettled(
      [user.firstBackupCode, user.secondBackupCode].map((code) => proveRecoveryFactor({ secret, proof: { kind: 'factor', code: backupCode(code) }, request })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await prisma.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
    expect((await readPasswordRecovery({ secret }))?.step.step).toBe('new-password');
  });

  it('counts an alternate address as a second factor: its code alone is not enough', async () => {
    const user = await createTestUser();
    const alternate = await withAlternate(user);
    const { secret } = await recoverThroughAlternate(user, alternate);
    expect((await readPasswordRecovery({ secret }))?.step.step).toBe('contact-support');
  });

  it('needs one proof where the mailbox has no second factor: support\'s reset code, opened only with its own address', async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const { secret: code, request } = await issuedRecovery(user, 'SUPPORT_CODE', ['SUPPORT_CODE']);
    await expectAppError(openRecoveryWithSupportCode({ email: other.email, code, request }), 'SUPPORT_RESET_CODE_WRONG');
    await expectAppError(openRecoveryWithSupportCode({ email: user.email, code: 'ABCD-EFGH-JKMN-PQRS', request }), 'SUPPORT_RESET_CODE_WRONG');
    const { secret } = await openRecoveryWithSupportCode({ email: user.email.toUpperCase(), code: code.toLowerCase().replace(/-/g, ' '), request });
    expect((await readPasswordRecovery({ secret }))?.step).toEqual({ step: 'new-password', email: user.email });
  });

  it('asks a support link\'s recovery for the second factor the mailbox has', async () => {
    const user = await createMfaUser();
    await withAlternate(user);
    const { secret, request } = await issuedRecovery(user, 'SUPPORT_LINK', ['ALTERNATE_EMAIL']);
    expect((await readPasswordRecovery({ secret }))?.step).toMatchObject({ step: 'prove-another', acceptsAuthenticator: true });
    await proveRecoveryFactor({ secret, proof: { kind: 'factor', code: totpCode(user.totpSecret) }, request });
    await expect(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request })).resolves.toMatchObject({ email: user.email });
  });

  it('sends a mailbox with only a backup phone to its brand support, with the contact', async () => {
    const brand = await createTestBrand();
    await prisma.brand.update({ where: { id: brand.id }, data: { supportContact: 'help@phone-only.example' } });
    const user = await createTestUser({ domain: brand.domain });
    const phone = await addConfirmedPhone(user.id, nextNumber());
    const request = testRequest();
    const { secret } = await startPasswordRecovery({ email: user.email, request });
    expect((await readPasswordRecovery({ secret }))?.step).toMatchObject({ step: 'choose-destination', destinations: [{ key: 'phone-1', channel: 'SMS' }] });
    await sendRecoveryCode({ secret, destination: 'phone-1', request });
    await proveRecoveryFactor({ secret, proof: { kind: 'sent', code: await readSentCode(phone.number, 'SMS') }, request });
    expect((await readPasswordRecovery({ secret }))?.step).toEqual({
      step: 'contact-support',
      brandName: `Brand ${brand.slug}`,
      supportContact: 'help@phone-only.example',
    });
    await expectAppError(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request }), 'RECOVERY_NOT_READY');
  });

  it('refuses a code sent for one mailbox in the recovery of another', async () => {
    const [first, second] = [await createTestUser(), await createTestUser()];
    const firstAlternate = await withAlternate(first);
    await withAlternate(second);
    const request = testRequest();
    const one = await startPasswordRecovery({ email: first.email, request });
    const two = await startPasswordRecovery({ email: second.email, request });
    await sendRecoveryCode({ secret: one.secret, destination: 'email', request });
    await expectAppError(proveRecoveryFactor({ secret: two.secret, proof: { kind: 'sent', code: await readSentCode(firstAlternate, 'EMAIL') }, request }), 'INVALID_CODE');
  });

  it('refuses a replayed code and an expired one', async () => {
    const user = await createMfaUser();
    const alternate = await withAlternate(user);
    const request = testRequest();
    const { secret } = await startPasswordRecovery({ email: user.email, request });
    await sendRecoveryCode({ secret, destination: 'email', request });
    const code = await readSentCode(alternate, 'EMAIL');
    await proveRecoveryFactor({ secret, proof: { kind: 'sent', code }, request });
    await expectAppError(proveRecoveryFactor({ secret, proof: { kind: 'sent', code }, request }), 'INVALID_CODE');

    const later = await startPasswordRecovery({ email: user.email, request });
    await sendRecoveryCode({ secret: later.secret, destination: 'email', request });
    await prisma.oneTimeCode.updateMany({ where: { userId: user.id, purpose: 'RECOVERY', consumedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(proveRecoveryFactor({ secret: later.secret, proof: { kind: 'sent', code: await readSentCode(alternate, 'EMAIL') }, request }), 'CODE_EXPIRED');
  });

  it('ends a recovery after 10 minutes', async () => {
    const user = await createTestUser();
    await withAlternate(user);
    const { secret, expiresAt } = await startPasswordRecovery({ email: user.email, request: testRequest() });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60 * 1000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);
    await prisma.passwordRecovery.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await readPasswordRecovery({ secret })).toBeNull();
    await expectAppError(sendRecoveryCode({ secret, destination: 'email', request: testRequest() }), 'RECOVERY_NOT_FOUND');
  });

  it('is deleted by the hourly purge a day after it expired, with the codes bound to it', async () => {
    const user = await createTestUser();
    await withAlternate(user);
    const request = testRequest();
    const { secret } = await startPasswordRecovery({ email: user.email, request });
    const stranger = await startPasswordRecovery({ email: `nobody-${user.id}@example.test`, request });
    await sendRecoveryCode({ secret, destination: 'email', request });
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await prisma.passwordRecovery.updateMany({ where: { tokenHash: { in: [hashRecoverySecret(secret), hashRecoverySecret(stranger.secret)] } }, data: { expiresAt: dayAgo } });
    expect((await purgeExpiredRecords()).passwordRecoveries).toBeGreaterThanOrEqual(2);
    expect(await prisma.passwordRecovery.count({ where: { tokenHash: { in: [hashRecoverySecret(secret), hashRecoverySecret(stranger.secret)] } } })).toBe(0);
    expect(await prisma.oneTimeCode.count({ where: { userId: user.id, purpose: 'RECOVERY' } })).toBe(0);
  });

  it('survives 100 wrong codes with clear refusals and nothing changed', async () => {
    const user = await createMfaUser();
    const alternate = await withAlternate(user);
    const { secret, request } = await recoverThroughAlternate(user, alternate);
    const hash = await passwordHashOf(user.id);
    const refusals = new Set<string>();
    for (let attempt = 0; attempt < 100; attempt++) {
      const wrong = String((Number(appCode(user.totpSecret)) + 1 + attempt) % 1_000_000).padStart(6, '0');
      const error = await proveRecoveryFactor({ secret, proof: { kind: 'factor', code: { method: 'totp', response: wrong } }, request }).catch((caught: unknown) => caught);
      refusals.add((error as { code?: string }).code ?? 'none');
    }
    expect([...refusals].filter((code) => !['INVALID_CODE', 'TOO_MANY_ATTEMPTS', 'ACCOUNT_LOCKED', 'RECOVERY_NOT_FOUND'].includes(code))).toEqual([]);
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect((await prisma.passwordRecovery.findFirstOrThrow({ where: { userId: user.id }, select: { proofs: true } })).proofs).toEqual(['ALTERNATE_EMAIL']);
    await expectAppError(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request }), 'RECOVERY_NOT_READY');
  });

  it('throttles sends per destination like every other code', async () => {
    env.set({ CODE_LIMIT_PER_DESTINATION_PER_HOUR: '2' });
    const user = await createTestUser();
    const alternate = await withAlternate(user);
    const request = testRequest();
    const { secret } = await startPasswordRecovery({ email: user.email, request });
    await sendRecoveryCode({ secret, destination: 'email', request });
    await sendRecoveryCode({ secret, destination: 'email', request });
    await expectAppError(sendRecoveryCode({ secret, destination: 'email', request }), 'SEND_LIMIT_ADDRESS');
    expect(await countMessagesTo(alternate)).toBe(2);
  });

  it('counts an IPv6 client by its /64 when sending', async () => {
    env.set({ CODE_LIMIT_PER_IP_PER_HOUR: '1', CODE_LIMIT_PER_DESTINATION_PER_HOUR: '50', CODE_LIMIT_PER_ACCOUNT_PER_HOUR: '50' });
    const network = `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}:1`;
    const first = { ip: `${network}::1`, userAgent: 'vitest' };
    const second = { ip: `${network}::2`, userAgent: 'vitest' };
    const user = await createTestUser();
    await withAlternate(user);
    const { secret } = await startPasswordRecovery({ email: user.email, request: first });
    await sendRecoveryCode({ secret, destination: 'email', request: first });
    await expectAppError(sendRecoveryCode({ secret, destination: 'email', request: second }), 'SEND_LIMIT_NETWORK');
  });
});

describe('finishing a recovery', () => {
  it('replaces the password, ends every session and waiting sign-in, revokes app passwords, keeps locations, audits once and e-mails both addresses', async () => {
    const { user, alternate, secret, request } = await readyRecovery();
    const laptop = await currentSessionFor(user, { secondFactorAt: new Date() });
    const kiosk = await currentSessionFor(user, { secondFactorAt: new Date(), isRestricted: true });
    const waiting = await startSignIn(user, testRequest());
    await createTestAppPassword(user);
    await prisma.rememberedLocation.create({ data: { userId: user.id, kind: 'IP', value: '192.0.2.7' } });

    const result = await finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request });

    expect(result).toMatchObject({ email: user.email, revokedAppPasswords: 1 });
    expect(result.signedOutSessions).toBeGreaterThanOrEqual(2);
    expect(await prisma.session.count({ where: { id: { in: [laptop.session.id, kiosk.session.id] }, revokedAt: null } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect((await prisma.pendingLogin.findUniqueOrThrow({ where: { id: waiting.id }, select: { consumedAt: true } })).consumedAt).not.toBeNull();
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.rememberedLocation.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'password.recovered' } })).toBe(1);
    for (const to of [user.email, alternate]) {
      const notice = await latestMessageTo(to, 'EMAIL');
      expect(notice.subject).toBe('Gatehouse: Your password was reset');
      expect(notice.body).toContain('authenticator app');
    }
    // Nobody is signed in by it: the new password signs in as any password does.
    await expect(signInWithPassword({ email: user.email, password: NEW_PASSWORD, request: testRequest() })).resolves.toMatchObject({ next: 'second-factor' });
    await expectAppError(signInWithPassword({ email: user.email, password: user.password, request: testRequest() }), 'INVALID_CREDENTIALS');
  });

  it('leaves nothing open to a sign-in with the old password racing the change', async () => {
    for (let round = 0; round < 3; round++) {
      const { user, secret, request } = await readyRecovery();
      const noFactor = await createTestUser();
      const bare = await issuedRecovery(noFactor, 'SUPPORT_CODE', ['SUPPORT_CODE']);
      await Promise.allSettled([
        signInWithPassword({ email: user.email, password: user.password, request: testRequest() }),
        finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request }),
        signInWithPassword({ email: noFactor.email, password: noFactor.password, request: testRequest() }),
        finishPasswordRecovery({ secret: bare.secret, newPassword: NEW_PASSWORD, request: bare.request }),
      ]);
      for (const id of [user.id, noFactor.id]) {
        expect(await prisma.pendingLogin.count({ where: { userId: id, consumedAt: null } })).toBe(0);
        expect(await prisma.session.count({ where: { userId: id, revokedAt: null } })).toBe(0);
      }
    }
  });

  it('keeps app passwords when "Also revoke app passwords" is unticked', async () => {
    const { user, secret, request } = await readyRecovery();
    await createTestAppPassword(user);
    await finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, revokeAppPasswords: false, request });
    expect(await prisma.appPassword.count({ where: { userId: user.id } })).toBe(1);
  });

  it('queues the notices in the change transaction: a refused change e-mails nobody', async () => {
    const { user, secret, request } = await readyRecovery();
    const before = await countMessagesTo(user.email);
    await expectAppError(finishPasswordRecovery({ secret, newPassword: user.password, request }), 'NEW_PASSWORD_UNCHANGED');
    await expectAppError(finishPasswordRecovery({ secret, newPassword: 'short', request }), 'INVALID_INPUT');
    expect(await countMessagesTo(user.email)).toBe(before);
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'password.recovered' } })).toBe(0);
    // The recovery is still there for a better password.
    await expect(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request })).resolves.toHaveProperty('email', user.email);
  });

  it('changes the password once when 10 submissions race, and the rest are told it was used', async () => {
    const { user, secret, request } = await readyRecovery();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => finishPasswordRecovery({ secret, newPassword: `${NEW_PASSWORD} ${index}`, request })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: expect.stringMatching(/^RECOVERY_NOT_(FOUND|READY)$/) });
    expect(await prisma.auditEvent.count({ where: { userId: user.id, type: 'password.recovered' } })).toBe(1);
  });

  it('sends the next sign-in to the enrolment wizard where the brand requires two-factor and the mailbox has none', async () => {
    const brand = await createTestBrand({ requireTwoFactor: true, enrolmentDays: 0 });
    const user = await createTestUser({ domain: brand.domain });
    const { secret, request } = await issuedRecovery(user, 'SUPPORT_CODE', ['SUPPORT_CODE']);
    await finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request });
    await expect(signInWithPassword({ email: user.email, password: NEW_PASSWORD, request: testRequest() })).resolves.toMatchObject({ next: 'enrol' });
  });

  it('is refused to a restricted login of the same account', async () => {
    const { user, secret, request } = await readyRecovery();
    await expectAppError(finishPasswordRecovery({ secret, newPassword: NEW_PASSWORD, request, session: { userId: user.id, isRestricted: true } }), 'RECOVERY_FOR_SIGNED_IN_ACCOUNT');
  });
});
