import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { isOutboxAvailable } from './is-outbox-available';

describe('the development outbox', () => {
  const original = process.env.GATEHOUSE_ENV;
  const setEnv = (value: string) => {
    process.env.GATEHOUSE_ENV = value;
    resetEnvCache();
  };
  afterEach(() => {
    process.env.GATEHOUSE_ENV = original;
    resetEnvCache();
  });

  it('exists in development, for a request made on this machine without a proxy', () => {
    setEnv('development');
    expect(isOutboxAvailable({ isDirectLocal: true })).toBe(true);
  });

  it('does not answer other machines or proxied requests, even in development', () => {
    setEnv('development');
    expect(isOutboxAvailable({ isDirectLocal: false })).toBe(false);
  });

  it('does not exist in production', () => {
    setEnv('production');
    expect(isOutboxAvailable({ isDirectLocal: true })).toBe(false);
  });
});
