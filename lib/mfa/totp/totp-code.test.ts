import { describe, expect, it } from 'vitest';
import { createTotpSecret, groupSecret, matchTotpStep, totpCodeAt, totpUri, type TotpAlgorithm } from '@/lib/core/factor-kinds/codes/totp-code';

// RFC 6238 Appendix B. Seeds are ASCII; each algorithm has its own seed length.
const SEEDS: Record<TotpAlgorithm, Uint8Array> = {
  sha1: new TextEncoder().encode('12345678901234567890'),
  sha256: new TextEncoder().encode('12345678901234567890123456789012'),
  sha512: new TextEncoder().encode('1234567890'.repeat(7).slice(0, 64)),
};
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 test vectors', () => {
  for (const [seconds, sha1, sha256, sha512] of VECTORS) {
    const at = new Date(seconds * 1000);
    const expected: Record<TotpAlgorithm, string> = { sha1, sha256, sha512 };
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      it(`${algorithm} at T=${seconds} is ${expected[algorithm]}`, () => {
        expect(totpCodeAt({ secret: SEEDS[algorithm], at, algorithm, digits: 8 })).toBe(expected[algorithm]);
        expect(matchTotpStep({ secret: SEEDS[algorithm], code: expected[algorithm], at, algorithm, digits: 8 })).toBe(
          Math.floor(seconds / 30),
        );
      });
    }
  }
});

describe('matchTotpStep', () => {
  const secret = createTotpSecret();
  const now = new Date('2026-11-22T12:00:10Z');
  const step = Math.floor(now.getTime() / 30_000);

  it('accepts the current step and one step either side, and reports which', () => {
    for (const offset of [-1, 0, 1]) {
      const code = totpCodeAt({ secret, at: new Date(now.getTime() + offset * 30_000) });
      expect(matchTotpStep({ secret, code, at: now })).toBe(step + offset);
    }
  });

  it('refuses codes two steps away', () => {
    for (const offset of [-2, 2]) {
      const code = totpCodeAt({ secret, at: new Date(now.getTime() + offset * 30_000) });
      expect(matchTotpStep({ secret, code, at: now })).toBeNull();
    }
  });

  it('refuses a code made from another secret', () => {
    const code = totpCodeAt({ secret: createTotpSecret(), at: now });
    const ownCodes = [-1, 0, 1].map((offset) => totpCodeAt({ secret, at: new Date(now.getTime() + offset * 30_000) }));
    if (!ownCodes.includes(code)) expect(matchTotpStep({ secret, code, at: now })).toBeNull();
  });
});

describe('secrets', () => {
  it('are 160 bits of base32 and differ every time', () => {
    const a = createTotpSecret();
    const b = createTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(a).not.toBe(b);
  });

  it('are grouped in fours for manual entry', () => {
    expect(groupSecret('ABCDEFGHIJKLMNOP')).toBe('ABCD EFGH IJKL MNOP');
  });

  it('go into an otpauth URI with the brand as issuer and the account e-mail', () => {
    const uri = new URL(totpUri({ secret: 'JBSWY3DPEHPK3PXP', email: 'ann@acme.example', brandName: 'Acme Mail' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toContain('Acme Mail:ann@acme.example');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('Acme Mail');
  });

  it('keep a colon in a brand name from splitting the label', () => {
    const uri = new URL(totpUri({ secret: 'JBSWY3DPEHPK3PXP', email: 'ann@acme.example', brandName: 'Acme: Mail' }));
    expect(decodeURIComponent(uri.pathname)).toMatch(/\/Acme Mail:ann@acme.example$/);
    expect(uri.searchParams.get('issuer')).toBe('Acme Mail');
  });
});
