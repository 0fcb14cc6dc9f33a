import { resetEnvCache } from '@/lib/config/env';

/**
 * The settings of the tests of text, call and e-mail codes: no waiting between sends unless a
 * test asks for it, and no provider, so every message lands in the development outbox.
 */
export const OUTBOX_BASELINE: Record<string, string | undefined> = {
  CODE_RESEND_WAIT_SECONDS: '0',
  RECOVERY_SEND_MIN_MS: '0',
  TWILIO_ACCOUNT_SID: undefined,
  TWILIO_AUTH_TOKEN: undefined,
  RESEND_API_KEY: undefined,
};

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
