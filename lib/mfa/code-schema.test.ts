import { describe, expect, it } from 'vitest';
import { ZSecondFactorCodeSchema, ZTotpCodeSchema } from './code-schema';

function messageFor(schema: typeof ZTotpCodeSchema | typeof ZSecondFactorCodeSchema, input: string): string | undefined {
  const result = schema.safeParse(input);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('the Token field', () => {
  it('takes a 6-digit code, with or without spaces', () => {
    expect(ZSecondFactorCodeSchema.parse('123456')).toEqual({ method: 'totp', response: '123456' });
    expect(ZSecondFactorCodeSchema.parse(' 123 456 ')).toEqual({ method: 'totp', response: '123456' });
  });

  it('takes a backup code in any case and grouping', () => {
    expect(ZSecondFactorCodeSchema.parse('ABCD-EFGH-JKMN-PQRS')).toEqual({ method: 'backup_code', response: 'abcdefghjkmnpqrs' });
  });

  it('gives a clear message for empty, short, long, letters and huge input', () => {
    expect(messageFor(ZSecondFactorCodeSchema, '')).toMatch(/6-digit code/);
    expect(messageFor(ZSecondFactorCodeSchema, '12345')).toBe('Authenticator codes are exactly 6 digits.');
    expect(messageFor(ZSecondFactorCodeSchema, '1234567')).toBe('Authenticator codes are exactly 6 digits.');
    expect(messageFor(ZSecondFactorCodeSchema, 'abcdef')).toMatch(/backup codes/);
    expect(messageFor(ZSecondFactorCodeSchema, 'x'.repeat(100_000))).toBe('That is too long to be a code.');
  });

  it('in the enrolment wizard takes only an authenticator code', () => {
    expect(ZTotpCodeSchema.parse('654 321')).toBe('654321');
    expect(messageFor(ZTotpCodeSchema, '')).toMatch(/6-digit code/);
    expect(messageFor(ZTotpCodeSchema, 'abcd-efgh-jkmn-pqrs')).toBe('Authenticator codes are exactly 6 digits.');
    expect(messageFor(ZTotpCodeSchema, '9'.repeat(100_000))).toBe('That is too long to be a code.');
  });
});
