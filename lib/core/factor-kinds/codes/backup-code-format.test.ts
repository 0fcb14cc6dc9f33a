import { describe, expect, it } from 'vitest';
import { BACKUP_CODE_LENGTH, formatBackupCode, generateBackupCode, normalizeBackupCode } from './backup-code-format';

describe('backup codes', () => {
  it('carry at least 64 bits: 16 characters of a 32-letter alphabet', () => {
    const code = generateBackupCode();
    expect(code).toHaveLength(BACKUP_CODE_LENGTH);
    expect(BACKUP_CODE_LENGTH * Math.log2(32)).toBeGreaterThanOrEqual(64);
    expect(new Set(Array.from({ length: 200 }, generateBackupCode)).size).toBe(200);
  });

  it('are shown in groups of four and read back however they are typed', () => {
    const code = generateBackupCode();
    const shown = formatBackupCode(code);
    expect(shown).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    expect(normalizeBackupCode(shown)).toBe(code);
    expect(normalizeBackupCode(` ${shown.toUpperCase().replace(/-/g, ' ')} `)).toBe(code);
  });

  it('read look-alike letters as Crockford does', () => {
    expect(normalizeBackupCode('OOOO-IIII-LLLL-aaaa')).toBe('000011111111aaaa');
  });

  it('refuse anything of the wrong length or alphabet', () => {
    for (const input of ['', '123456', 'abcd-efgh-jkmn', 'abcd-efgh-jkmn-pqrst', 'abcd-efgh-jkmn-pqr!', 'u'.repeat(16)]) {
      expect(normalizeBackupCode(input)).toBeNull();
    }
  });
});
