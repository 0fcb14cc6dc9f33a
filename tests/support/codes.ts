// The codes a person types, computed the way an authenticator app computes them. Pure: imported
// by vitest and by Playwright (through e2e/support.ts), so only relative imports of pure lib code.
import { ZSecondFactorCodeSchema, ZTokenPromptSchema, type TSecondFactorCode } from '../../lib/mfa/code-schema';
import { TOTP_PERIOD_SECONDS, totpCodeAt } from '@/lib/core/factor-kinds/codes/totp-code';

export const STEP_MS = TOTP_PERIOD_SECONDS * 1000;

/** The moment `steps` 30-second steps from now (negative: in the past). */
export function stepsFromNow(steps: number): Date {
  return new Date(Date.now() + steps * STEP_MS);
}

/** The six digits an authenticator app shows for `secret` at `at` (now by default). */
export function appCode(secret: string, at: Date = new Date()): string {
  return totpCodeAt({ secret, at });
}

/**
 * Six digits that are none of the codes the server could accept around now: the ±1 step window,
 * and the step after it too, in case the clock moves on between this and the server's check.
 */
export function wrongAppCode(secret: string): string {
  const now = Date.now();
  const valid = new Set([-1, 0, 1, 2].map((step) => totpCodeAt({ secret, at: new Date(now + step * STEP_MS) })));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/** A six-digit code that is certainly not `code`. */
export function otherThan(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

// The same codes as the token prompt reads them, for the verbs the integration tests call.

/** The authenticator code for `secret` at `at`, as the token prompt reads it. */
export function totpCode(secret: string, at: Date = new Date()): TSecondFactorCode {
  return ZSecondFactorCodeSchema.parse(appCode(secret, at));
}

/** A six-digit code the authenticator app would not show now, as the token prompt reads it. */
export function wrongTotpCode(secret: string): TSecondFactorCode {
  return ZSecondFactorCodeSchema.parse(wrongAppCode(secret));
}

/** A backup code as typed at the token prompt. */
export function backupCode(code: string): TSecondFactorCode {
  return ZSecondFactorCodeSchema.parse(code);
}

/** What the token prompt makes of a code typed after "Text me a code" (the form posts method 'sms'). */
export function messageCode(value: string): TSecondFactorCode {
  const code = ZTokenPromptSchema.parse({ code: value, method: 'sms' });
  if (code.method !== 'sms') throw new Error(`"${value}" is not read as a sent code`);
  return code;
}
