import { z } from 'zod';

// Every setting Gatehouse reads, parsed once. .env.example documents each one.
const ZEnvSchema = z.object({
  GATEHOUSE_ENV: z.enum(['development', 'production']).default('development'),
  GATEHOUSE_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z.string().min(1).optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  // "keyId:base64-of-32-bytes[,older...]": the first key encrypts, all of them decrypt.
  GATEHOUSE_ENCRYPTION_KEYS: z.string().min(1).optional(),
  // How many reverse proxies in front of Gatehouse append to X-Forwarded-For. 0 trusts none.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Every per-address limit counts an IPv6 client by its network of this many leading bits.
  RATE_LIMIT_IPV6_PREFIX: z.coerce.number().int().min(16).max(128).default(64),
  // A MaxMind-format (.mmdb) country database of the host's own, instead of the CC0 one shipped in
  // npm (@ip-location-db/geo-whois-asn-country-mmdb). Read from disk at start; never fetched.
  GATEHOUSE_GEOIP_DB: z.string().min(1).optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default('Gatehouse <security@gatehouse.localhost>'),
  // Twilio: texts go through a Messaging Service when its SID is set, else from TWILIO_FROM_NUMBER;
  // calls always come from TWILIO_FROM_NUMBER. Unset: texts and calls go to the outbox.
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().min(1).optional(),
  TWILIO_FROM_NUMBER: z.string().min(1).optional(),
  // Where the twilio client sends its requests instead of https://*.twilio.com (tests: a local fake).
  TWILIO_BASE_URL: z.url().optional(),
  // Toll-fraud limits, checked before any text or call is sent.
  SMS_ALLOWED_COUNTRIES: z
    .string()
    .default('US,CA,GB,IE,DE,FR,NL,BE,LU,AT,CH,ES,PT,IT,SE,NO,DK,FI,IS,PL,CZ,AU,NZ')
    .transform((list) => new Set(list.split(',').map((code) => code.trim().toUpperCase()).filter(Boolean))),
  CODE_LIMIT_PER_DESTINATION_PER_HOUR: z.coerce.number().int().min(1).default(5),
  CODE_LIMIT_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(10),
  CODE_LIMIT_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  CODE_LIMIT_PER_COUNTRY_PER_HOUR: z.coerce.number().int().min(1).default(300),
  CODE_RESEND_WAIT_SECONDS: z.coerce.number().int().min(0).default(30),
  // The least time a recovery's "send me a code" takes to answer, sent or not (send-recovery-code.ts).
  RECOVERY_SEND_MIN_MS: z.coerce.number().int().min(0).max(10_000).default(1500),
  // Mail logins (POST /api/mail-auth, asked by Dovecot). Unset secret: the endpoint is off.
  GATEHOUSE_MAIL_AUTH_SECRET: z.string().min(32).optional(),
  // Addresses besides loopback that may call it (Dovecot on another machine), comma-separated.
  GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: z
    .string()
    .default('')
    .transform((list) => new Set(list.split(',').map((ip) => ip.trim()).filter(Boolean))),
  // What the security page tells mail clients, as host:port. Default host: GATEHOUSE_URL's.
  GATEHOUSE_MAIL_IMAP_SERVER: z.string().min(1).optional(),
  GATEHOUSE_MAIL_POP3_SERVER: z.string().min(1).optional(),
  GATEHOUSE_MAIL_SUBMISSION_SERVER: z.string().min(1).optional(),
  // SMS credits of family and business accounts: what a member's code costs the pool (a text is
  // always 1 credit; a call this many), and the packs an administrator can buy, as
  // "credits:price in cents" pairs in STRIPE_CURRENCY.
  SMS_CREDIT_COST_CALL: z.coerce.number().int().min(1).max(100).default(2),
  SMS_CREDIT_PACKS: z
    .string()
    .default('100:500,500:2000,2000:6000')
    .transform((list, context) => {
      const packs = list
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => {
          const match = /^(\d{1,7}):(\d{1,9})$/.exec(item);
          return match ? { id: match[1] as string, credits: Number(match[1]), amountCents: Number(match[2]) } : null;
        });
      if (packs.length === 0 || packs.some((pack) => !pack || pack.credits < 1 || pack.amountCents < 50)) {
        context.addIssue({ code: 'custom', message: 'SMS_CREDIT_PACKS is a list of credits:cents pairs, e.g. 100:500,500:2000 (at least 50 cents each).' });
        return z.NEVER;
      }
      return packs as Array<{ id: string; credits: number; amountCents: number }>;
    }),
  // The lowest price per credit, in cents of STRIPE_CURRENCY, at which a brand may sell its own
  // packs (BrandCreditPack): a brand sets its prices, never below what the texts cost the platform.
  SMS_CREDIT_MIN_CENTS_PER_CREDIT: z.coerce.number().min(0).max(10_000).default(3),
  // Stripe: with the secret key (and, to receive payments, the webhook's signing secret) buying
  // goes through Stripe Checkout. Unset in development: a labelled test purchase instead; unset
  // in production: no buying at all.
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_CURRENCY: z
    .string()
    .regex(/^[a-zA-Z]{3}$/)
    .default('usd')
    .transform((code) => code.toLowerCase()),
  // Where the stripe client sends its requests instead of https://api.stripe.com (tests: a local fake).
  STRIPE_BASE_URL: z.url().optional(),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

// Every name Gatehouse reads from the environment: the settings above, and those the start and
// the command line read themselves (lib/config/load-env-files.ts pins them all).
export const SETTING_NAMES: readonly string[] = [
  ...Object.keys(ZEnvSchema.shape),
  'HOST',
  'PORT',
  'NODE_ENV',
  'NEXTAUTH_URL',
  'GATEHOUSE_DATA_DIR',
  'GATEHOUSE_DATA_THROWAWAY',
  'GATEHOUSE_DEMO_ACCOUNTS',
  'GATEHOUSE_EDGE_TOKEN',
  'RESEND_BASE_URL',
];

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  // An empty value means unset, as in .env.example (and as Next's .env reload leaves a pinned name).
  cached ??= ZEnvSchema.parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));
  return cached;
}

/** For tests that change the environment: the next getEnv() reads it again. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function isProduction(): boolean {
  return getEnv().GATEHOUSE_ENV === 'production';
}

/** Reads a setting that has no safe default, and says which one is missing when it is. */
export function requireSetting(name: 'DATABASE_URL' | 'NEXTAUTH_SECRET' | 'GATEHOUSE_ENCRYPTION_KEYS'): string {
  const value = getEnv()[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Start Gatehouse with "npm start" (which fills development values), or set it as .env.example describes.`,
    );
  }
  return value;
}
