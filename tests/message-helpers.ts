import { createHash } from 'node:crypto';
import type { CurrentSession } from '@/lib/auth/get-current-session';
import { signInWithPassword } from '@/lib/auth/sign-in-with-password';
import { resetEnvCache } from '@/lib/config/env';
import { prisma } from '@/lib/db/prisma';
import { type AppError, isAppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import { ZTokenPromptSchema, type TSecondFactorCode } from '@/lib/mfa/code-schema';
import { hasAuthenticatorApp, isMfaEnabled, MFA_STATE_SELECT } from '@/lib/mfa/is-mfa-enabled';
import { createTestUser, currentSessionFor, createMfaUser, refusalOf, startSignIn } from './factories';

export { createMfaUser, currentSessionFor, refusalOf, startSignIn };

// Helpers for the tests of text, call and e-mail codes: numbers nobody else uses, the code as
// the outbox shows it, and settings that a test changes and puts back.

/**
 * Fictional US numbers (NXX-555-0100 to 0199). Rate limits are rows in the database that every
 * test file shares, so each file passes its own area code and never sends to another's numbers.
 */
export function phoneNumbers(areaCode: string): () => string {
  let next = Math.floor(Math.random() * 100);
  let handedOut = 0;
  return () => {
    if (handedOut++ >= 100) throw new Error(`only 100 test numbers exist in area code ${areaCode}`);
    return `+1${areaCode}55501${String(next++ % 100).padStart(2, '0')}`;
  };
}


/** A confirmed backup phone, written directly: test setup, not the verification flow. */
export async function addConfirmedPhone(userId: string, number: string, countryCode = 'US') {
  return prisma.phone.create({ data: { userId, number, countryCode }, select: { id: true, number: true } });
}

export async function addConfirmedAlternateEmail(userId: string, address: string) {
  return prisma.alternateEmail.create({ data: { userId, address }, select: { id: true, address: true } });
}


/** What the token prompt makes of a code typed after "Text me a code" (method 'message'). */
export function messageCode(value: string): TSecondFactorCode {
  const code = ZTokenPromptSchema.parse({ code: value, method: 'message' });
  if (code.kind !== 'message_code') throw new Error(`"${value}" is not read as a sent code`);
  return code;
}

/** The newest message row to `to`: the outbox copy, or the redacted record of a provider send. */
export async function latestMessageTo(to: string, channel?: 'SMS' | 'VOICE' | 'EMAIL') {
  return prisma.outboundMessage.findFirstOrThrow({
    where: { to, ...(channel ? { channel } : {}) },
    orderBy: { createdAt: 'desc' },
    select: { id: true, channel: true, subject: true, body: true, status: true, provider: true, providerMessageId: true, error: true },
  });
}

export function countMessagesTo(to: string): Promise<number> {
  return prisma.outboundMessage.count({ where: { to } });
}

/** The plaintext code of the newest text, call or e-mail code sent to `to`, read from the outbox. */
export async function readSentCode(to: string, channel: 'SMS' | 'VOICE' | 'EMAIL'): Promise<string> {
  const message = await latestMessageTo(to, channel);
  const match =
    channel === 'SMS'
      ? /^Your Gatehouse code is (\d{6})\./.exec(message.body)
      : channel === 'VOICE'
        ? /Your Gatehouse code is: (\d), (\d), (\d), (\d), (\d), (\d)\./.exec(message.body)
        : /^Your Gatehouse code: (\d{6})$/.exec(message.subject ?? '');
  if (!match) throw new Error(`no code in the ${channel} outbox message to ${to}: ${message.subject ?? ''} ${message.body}`);
  return channel === 'VOICE' ? match.slice(1, 7).join('') : (match[1] as string);
}

/** Points taken from one hourly send allowance (rate_limits row `prefix:key`), 0 when none. */
export async function allowanceUsed(keyPrefix: string, key: string): Promise<number> {
  const rows = await prisma.$queryRaw<{ points: number }[]>`
    SELECT points FROM rate_limits WHERE key = ${`${keyPrefix}:${key}`} AND (expire IS NULL OR expire > ${Date.now()})`;
  return rows[0]?.points ?? 0;
}

/** Whether any rate_limits row exists for `prefix:key`, expired or not. */
export async function hasAllowanceRow(keyPrefix: string, key: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM rate_limits WHERE key = ${`${keyPrefix}:${key}`}`;
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Settings a test changes. getEnv() parses once, so every change and every restore resets its
 * cache. Each test file runs in its own process, so this never reaches another file.
 */
export function envOverrides() {
  const original = new Map<string, string | undefined>();
  const apply = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  return {
    set(values: Record<string, string | undefined>) {
      for (const [name, value] of Object.entries(values)) {
        if (!original.has(name)) original.set(name, process.env[name]);
        apply(name, value);
      }
      resetEnvCache();
    },
    restore() {
      for (const [name, value] of original) apply(name, value);
      original.clear();
      resetEnvCache();
    },
  };
}

