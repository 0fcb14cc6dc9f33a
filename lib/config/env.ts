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
  RESEND_API_KEY: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default('Gatehouse <security@gatehouse.localhost>'),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  cached ??= ZEnvSchema.parse(process.env);
  return cached;
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
