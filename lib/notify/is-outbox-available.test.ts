import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { isOutboxAvailable } from './is-outbox-available';

describe('the development outbox', () => {
  const original = process.env.GATEHOUSE_ENV;
  afterEach(() => {
    process.env.GATEHOUSE_ENV = original;
    resetEnvCache();
  });

  it('exists in development', () => {
    process.env.GATEHOUSE_ENV = 'development';
    resetEnvCache();
    expect(isOutboxAvailable()).toBe(true);
  });

  it('does not exist in production', () => {
    process.env.GATEHOUSE_ENV = 'production';
    resetEnvCache();
    expect(isOutboxAvailable()).toBe(false);
  });
});
