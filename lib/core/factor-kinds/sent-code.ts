import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { maskEmail } from '@/lib/core/mask';
import type { Channel } from '@/lib/db/generated/enums';
import type { Tx } from '@/lib/db/prisma';
import { spendOneTimeCode } from '@/lib/core/factor-kinds/codes/spend-one-time-code';
import { maskPhoneNumber } from '@/lib/core/mask';
import type { FactorAttempt } from './kind';

// What the kinds whose code Gatehouse sends (text, call, e-mail) share: the code's shape, how it
// is spent, the throttle that counts wrong ones.

export const SENT_CODE_CHECK = { check: 'sent_code', checkLabel: 'Text, call and e-mail codes' } as const;

export const ZSentCodeResponse = z.string().regex(/^\d{6}$/, 'The code we sent has exactly 6 digits.');

/** The method whose codes travel by `channel`: every sent code names its channel. */
const METHOD_OF_CHANNEL = { SMS: 'sms', VOICE: 'voice', EMAIL: 'email' } as const satisfies Record<Channel, string>;

/**
 * Spends the live code of this sign-in, whichever channel it went by (a resend by another channel
 * supersedes the previous one), so the method proven is the spent code's, not the one the form named.
 */
export async function verifySentCode<T>(
  { userId, response, attempt }: { userId: string; response: string; attempt: FactorAttempt },
  onVerified: (tx: Tx, method: string) => Promise<T>,
): Promise<T> {
  if (!attempt) throw new AppError('SENT_CODE_NOT_FOUND');
  return spendOneTimeCode({
    scope: { purpose: 'SIGN_IN', userId, pendingLoginId: attempt.pendingLoginId },
    code: response,
    onVerified: (tx, spent) => onVerified(tx, METHOD_OF_CHANNEL[spent.channel]),
  });
}

/** A number or address as screens show it: enough to recognise, not enough to use. */
export function maskDestination(channel: Channel, destination: string): string {
  return channel === 'EMAIL' ? maskEmail(destination) : maskPhoneNumber(destination);
}
