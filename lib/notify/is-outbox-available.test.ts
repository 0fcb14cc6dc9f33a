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

  it('exists in development, for this machine', () => {
    setEnv('development');
    expect(isOutboxAvailable({ clientIp: '127.0.0.1' })).toBe(true);
    expect(isOutboxAvailable({ clientIp: '::1' })).toBe(true);
  });

  it('does not answer other machines, even in development', () => {
    setEnv('development');
    expect(isOutboxAvailable({ clientIp: '203.0.113.7' })).toBe(false);
    expect(isOutboxAvailable({ clientIp: 'unknown' })).toBe(false);
  });

  it('does not exist in production', () => {
    setEnv('production');
    expect(isOutboxAvailable({ clientIp: '127.0.0.1' })).toBe(false);
  });
});
