import Stripe from 'stripe';
import { getEnv, isProduction } from '@/lib/config/env';

/**
 * The process's Stripe client, or null when STRIPE_SECRET_KEY is unset. STRIPE_BASE_URL sends its
 * requests to another address (the tests' local fake); the client itself is the real one.
 */
export function getStripe(): Stripe | null {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) return null;
  const base = env.STRIPE_BASE_URL ? new URL(env.STRIPE_BASE_URL) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  });
}

/**
 * How an administrator buys credits: through Stripe Checkout when Stripe is configured (key and
 * webhook secret: without the secret nothing could ever be granted), a labelled test purchase in
 * development without Stripe, and not at all in production without it.
 */
export function buyingMode(): 'stripe' | 'test' | 'off' {
  const env = getEnv();
  if (env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET) return 'stripe';
  if (isProduction()) return 'off';
  // A key without the webhook secret in development would take money that is never granted.
  return env.STRIPE_SECRET_KEY ? 'off' : 'test';
}
