import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords';
import { PASSWORD_MAX_LENGTH, ZNewPasswordSchema, ZPasswordSchema } from './password-schema';

function messagesFor(schema: typeof ZNewPasswordSchema | typeof ZPasswordSchema, input: string): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('a new password', () => {
  it('of 7 characters is refused with a message that names the minimum', () => {
    expect(messagesFor(ZNewPasswordSchema, 'zq7vkxw')).toEqual(['Use at least 8 characters.']);
    expect(messagesFor(ZNewPasswordSchema, '')).toEqual(['Use at least 8 characters.']);
  });

  it('of 8 characters is accepted', () => {
    expect(ZNewPasswordSchema.safeParse('zq7vkxwm').success).toBe(true);
  });

  it('of 64 and of 200 characters is accepted, unchanged', () => {
    const sixtyFour = 'lighthouse keepers count the waves at night '.repeat(2).slice(0, 64);
    const twoHundred = 'a quiet river runs past the old stone mill, '.repeat(5).slice(0, 200);
    expect(sixtyFour).toHaveLength(64);
    expect(twoHundred).toHaveLength(200);
    expect(ZNewPasswordSchema.parse(sixtyFour)).toBe(sixtyFour);
    expect(ZNewPasswordSchema.parse(twoHundred)).toBe(twoHundred);
  });

  it('longer than the hashing bound is refused with a clear message', () => {
    expect(ZNewPasswordSchema.safeParse('x'.repeat(PASSWORD_MAX_LENGTH)).success).toBe(true);
    expect(messagesFor(ZNewPasswordSchema, 'x'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual([`Use at most ${PASSWORD_MAX_LENGTH} characters.`]);
  });

  it('from the common-password list is refused, whatever its case', () => {
    for (const password of ['password', 'PASSWORD', 'PassWord1', 'Qwertyuiop', 'ILOVEYOU', 'Gatehouse123', '12345678']) {
      expect(messagesFor(ZNewPasswordSchema, password)).toEqual(['That password is too common. Choose another.']);
    }
  });

  it('every entry of the common-password list is refused', () => {
    for (const password of COMMON_PASSWORDS) {
      expect(ZNewPasswordSchema.safeParse(password).success, password).toBe(false);
    }
  });

  it('has no composition rules: an all-lower-case passphrase, digits only or spaces are fine', () => {
    for (const password of ['correct horse battery staple', 'onlylowercaseletters', '90417263558', '        spaced out        ']) {
      expect(ZNewPasswordSchema.safeParse(password).success, password).toBe(true);
    }
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
