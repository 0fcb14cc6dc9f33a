import { describe, expect, it } from 'vitest';
import { newSupportResetCode, normaliseSupportResetCode } from './support-reset-code';

describe('a support reset code', () => {
  it('is 16 base32 characters in groups of four, and different every time', () => {
    const code = newSupportResetCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(newSupportResetCode()).not.toBe(code);
  });

  it('is read back whatever the case, spacing and dashes, and with look-alike letters', () => {
    const code = newSupportResetCode();
    expect(normaliseSupportResetCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normaliseSupportResetCode('0000-1111-AAAA-BBBB'.replace(/0/g, 'o').replace(/1/g, 'l'))).toBe('0000-1111-AAAA-BBBB');
  });

  it('is refused when it cannot be a reset code', () => {
    for (const typed of ['', '1234', 'ABCD-EFGH-JKMN-PQR', 'ABCD-EFGH-JKMN-PQRSU', 'ABCD-EFGH-JKMN-PQR!', 'x'.repeat(10_000)]) {
      expect(normaliseSupportResetCode(typed)).toBeNull();
    }
  });
});
