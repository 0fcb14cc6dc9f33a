import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, parseKeyring, sealedKeyId } from './secret-box';

const key = () => randomBytes(32).toString('base64');
const K1 = key();
const K2 = key();
const ringK1 = parseKeyring(`k1:${K1}`);

const USER_A = '6f1c2f7e-1b9a-4d3c-9a57-0a8f3f0c2b11';
const USER_B = '0b7e9e34-59f2-4c1e-8f0d-3a6b5d2c9e77';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Flips one bit in the `index`th dot-separated part of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealed secrets', () => {
  it('open to the same plaintext for the same owner', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    expect(decryptSecret({ sealed, boundTo: USER_A }, ringK1)).toBe(SECRET);
  });

  it('are "v1.<keyId>.<iv>.<tag>.<ciphertext>" with a 96-bit IV and a 128-bit tag', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
    expect(format).toBe('v1');
    expect(keyId).toBe('k1');
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? '', 'base64url')).toHaveLength(SECRET.length);
  });

  it('never contain the plaintext, in clear or in base64', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(SECRET.slice(0, 8));
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64url').slice(0, 12));
  });

  it('use a fresh IV each time, so the same secret seals differently', () => {
    const a = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    const b = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('refuse to open when the tag, the IV or the ciphertext was changed', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    for (const [part, index] of [
      ['iv', 2],
      ['tag', 3],
      ['ciphertext', 4],
    ] as const) {
      const changed = tamper(sealed, index);
      expect(changed, part).not.toBe(sealed);
      expect(() => decryptSecret({ sealed: changed, boundTo: USER_A }, ringK1), part).toThrow();
    }
  });

  it('refuse to open when a part is cut short or missing', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    const parts = sealed.split('.');
    expect(() => decryptSecret({ sealed: parts.slice(0, 4).join('.'), boundTo: USER_A }, ringK1)).toThrow();
    expect(() => decryptSecret({ sealed: [...parts.slice(0, 3), 'AAAA', parts[4]].join('.'), boundTo: USER_A }, ringK1)).toThrow();
    expect(() => decryptSecret({ sealed: [...parts.slice(0, 4), (parts[4] ?? '').slice(2)].join('.'), boundTo: USER_A }, ringK1)).toThrow();
    expect(() => decryptSecret({ sealed: ['v2', ...parts.slice(1)].join('.'), boundTo: USER_A }, ringK1)).toThrow();
    expect(() => decryptSecret({ sealed: '', boundTo: USER_A }, ringK1)).toThrow();
  });

  it('bound to user A do not open for user B (a ciphertext copied to another row is useless)', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    expect(() => decryptSecret({ sealed, boundTo: USER_B }, ringK1)).toThrow();
    expect(() => decryptSecret({ sealed, boundTo: '' }, ringK1)).toThrow();
  });

  it('do not open under another key with the same id', () => {
    const sealed = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    expect(() => decryptSecret({ sealed, boundTo: USER_A }, parseKeyring(`k1:${K2}`))).toThrow();
  });
});

describe('key rotation', () => {
  it('a value sealed under k1 still opens once k2 is the current key, and new values carry k2', () => {
    const old = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    expect(sealedKeyId(old)).toBe('k1');

    const rotated = parseKeyring(`k2:${K2},k1:${K1}`);
    expect(rotated.currentId).toBe('k2');
    expect(decryptSecret({ sealed: old, boundTo: USER_A }, rotated)).toBe(SECRET);

    const fresh = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, rotated);
    expect(sealedKeyId(fresh)).toBe('k2');
    expect(decryptSecret({ sealed: fresh, boundTo: USER_A }, rotated)).toBe(SECRET);
    // Why k2 goes into every instance's ring before any instance makes it current.
    expect(() => decryptSecret({ sealed: fresh, boundTo: USER_A }, ringK1)).toThrow(/key id "k2"/);
  });

  it('after k1 is retired, its values fail with an error that names the missing key id', () => {
    const old = encryptSecret({ plaintext: SECRET, boundTo: USER_A }, ringK1);
    const onlyK2 = parseKeyring(`k2:${K2}`);
    expect(() => decryptSecret({ sealed: old, boundTo: USER_A }, onlyK2)).toThrow('Cannot open a sealed secret: unknown format or key id "k1".');
  });
});

describe('parseKeyring', () => {
  it('reads "id:base64", newest first, and tolerates spaces around entries', () => {
    const ring = parseKeyring(` k2:${K2} , k1:${K1} ,`);
    expect(ring.currentId).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
    expect(ring.keys.get('k1')).toEqual(Buffer.from(K1, 'base64'));
  });

  it('refuses malformed settings with a message that shows the expected form', () => {
    const short = randomBytes(16).toString('base64');
    const long = randomBytes(33).toString('base64');
    for (const setting of [
      K1, // no id
      `:${K1}`, // empty id
      `k1:${short}`, // 128-bit key
      `k1:${long}`, // 264-bit key
      `k 1:${K1}`, // space in the id
      `k.1:${K1}`, // a dot would break the sealed format
      `k1=${K1}`,
      `k1:`,
      `k2:${K2},broken`,
    ]) {
      expect(() => parseKeyring(setting), setting).toThrow(/keyId:base64-of-32-bytes/);
    }
  });

  it('refuses a setting with no key at all', () => {
    for (const setting of ['', ' ', ',', ' , , ']) {
      expect(() => parseKeyring(setting), JSON.stringify(setting)).toThrow('GATEHOUSE_ENCRYPTION_KEYS holds no key.');
    }
  });

  it('refuses the same key id twice: a sealed value must name exactly one key', () => {
    // Otherwise the later (older) key silently wins and new values are sealed with it.
    expect(() => parseKeyring(`k1:${K2},k1:${K1}`)).toThrow('names the key id "k1" twice');
  });
});
