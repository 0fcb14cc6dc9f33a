import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, ZNewPasswordInputSchema, ZPasswordSchema } from './password-schema';

function messagesFor(schema: typeof ZNewPasswordInputSchema | typeof ZPasswordSchema, input: string): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

// The field's shape only; the rule (the strength estimator) is judged in password-strength.test.ts.
describe('a new password field', () => {
  it('of 7 characters is refused with a message that names the minimum', () => {
    expect(messagesFor(ZNewPasswordInputSchema, 'zq7vkxw')).toEqual(['Use at least 8 characters.']);
    expect(messagesFor(ZNewPasswordInputSchema, '')).toEqual(['Use at least 8 characters.']);
  });

  it('of 64 and of 200 characters is taken unchanged', () => {
    const sixtyFour = 'lighthouse keepers count the waves at night '.repeat(2).slice(0, 64);
    const twoHundred = 'a quiet river runs past the old stone mill, '.repeat(5).slice(0, 200);
    expect(sixtyFour).toHaveLength(64);
    expect(twoHundred).toHaveLength(200);
    expect(ZNewPasswordInputSchema.parse(sixtyFour)).toBe(sixtyFour);
    expect(ZNewPasswordInputSchema.parse(twoHundred)).toBe(twoHundred);
  });

  it('longer than the hashing bound is refused with a clear message', () => {
    expect(ZNewPasswordInputSchema.safeParse('x'.repeat(PASSWORD_MAX_LENGTH)).success).toBe(true);
    expect(messagesFor(ZNewPasswordInputSchema, 'x'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual([`Use at most ${PASSWORD_MAX_LENGTH} characters.`]);
  });
});

describe('the password field at sign-in', () => {
  it('asks for a password when empty and says nothing about the rules otherwise', () => {
    expect(messagesFor(ZPasswordSchema, '')).toEqual(['Enter your password.']);
    expect(ZPasswordSchema.safeParse('short').success).toBe(true);
    expect(ZPasswordSchema.safeParse('password').success).toBe(true);
  });

  it('refuses input beyond the hashing bound', () => {
    expect(messagesFor(ZPasswordSchema, 'x'.repeat(100_000))).toEqual(['That password is too long.']);
  });
});
