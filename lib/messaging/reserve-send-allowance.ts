import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { getEnv } from '@/lib/config/env';
import type { Channel } from '@/lib/db/generated/enums';
import { AppError, type AppErrorCode } from '@/lib/errors/app-error';
import { limiter } from '@/lib/rate-limit/limiters';
import { clientKey } from '@/lib/rate-limit/client-key';
import { destinationKey } from '@/lib/rate-limit/throttle-keys';

export type SendAllowance = { refund: () => Promise<void> };

type Limit = { keyPrefix: string; key: string; points: number; refusal: AppErrorCode };

/** The platform's allow-list of countries whose numbers may get texts and calls. */
export function assertCountryAllowed(countryCode: string | null): void {
  if (!countryCode || !getEnv().SMS_ALLOWED_COUNTRIES.has(countryCode)) throw new AppError('COUNTRY_NOT_ALLOWED');
}

/**
 * Toll-fraud limits, checked before any provider is called: the country allow-list, then one
 * hourly allowance per destination, per account, per IP and (texts and calls) per country dial
 * prefix, so nobody can pump premium-rate numbers through Gatehouse. A refused send takes
 * nothing from any allowance; a send whose provider then fails gets its allowance back (refund).
 */
export async function reserveSendAllowance({
  channel,
  destination,
  countryCode,
  userId,
  ip,
}: {
  channel: Channel;
  destination: string;
  countryCode: string | null;
  userId: string;
  ip: string;
}): Promise<SendAllowance> {
  const env = getEnv();
  const isPhone = channel !== 'EMAIL';
  if (isPhone) assertCountryAllowed(countryCode);
  const limits: Limit[] = [
    {
      keyPrefix: 'send-destination',
      key: destinationKey(destination),
      points: env.CODE_LIMIT_PER_DESTINATION_PER_HOUR,
      refusal: isPhone ? 'SEND_LIMIT_NUMBER' : 'SEND_LIMIT_ADDRESS',
    },
    { keyPrefix: 'send-account', key: userId, points: env.CODE_LIMIT_PER_ACCOUNT_PER_HOUR, refusal: 'SEND_LIMIT_ACCOUNT' },
    { keyPrefix: 'send-ip', key: clientKey(ip), points: env.CODE_LIMIT_PER_IP_PER_HOUR, refusal: 'SEND_LIMIT_NETWORK' },
  ];
  if (isPhone && countryCode) {
    limits.push({
      keyPrefix: 'send-country',
      key: `+${getCountryCallingCode(countryCode as CountryCode)}`,
      points: env.CODE_LIMIT_PER_COUNTRY_PER_HOUR,
      refusal: 'SEND_LIMIT_COUNTRY',
    });
  }

  const taken: Limit[] = [];
  const giveBack = () =>
    Promise.all(taken.map((limit) => limiter(limit.keyPrefix, { points: limit.points, durationSeconds: 3600 }).reward(limit.key, 1))).then(
      () => undefined,
    );
  for (const limit of limits) {
    try {
      await limiter(limit.keyPrefix, { points: limit.points, durationSeconds: 3600 }).consume(limit.key, 1);
      taken.push(limit);
    } catch (rejection) {
      // The allowances already taken for this send are returned: a refused send costs nothing.
      await giveBack();
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // The point this attempt took from the exhausted allowance goes back too.
      await limiter(limit.keyPrefix, { points: limit.points, durationSeconds: 3600 }).reward(limit.key, 1);
      throw new AppError(limit.refusal, { retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) });
    }
  }
  return { refund: giveBack };
}
