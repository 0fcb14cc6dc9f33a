import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './hash-password';

// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"
function parsePhc(phc: string) {
  const match = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) throw new Error(`Not a PHC argon2 string: ${phc}`);
  const [, algorithm, version, m, t, p, salt, hash] = match;
  return { algorithm, version: Number(version), m: Number(m), t: Number(t), p: Number(p), salt: salt ?? '', hash: hash ?? '' };
}

describe('password hashes', () => {
  it('are argon2id with the OWASP parameters m=19456, t=2, p=1', async () => {
    const phc = parsePhc(await hashPassword('a long enough password'));
    expect(phc).toMatchObject({ algorithm: 'argon2id', version: 19, m: 19456, t: 2, p: 1 });
    // At least 128-bit salt and a 256-bit output, base64 without padding.
    expect(Buffer.from(phc.salt, 'base64').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(phc.hash, 'base64').length).toBeGreaterThanOrEqual(32);
  });

  it('are salted: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('verify the right password and refuse a wrong one', async () => {
    const passwordHash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword({ password: 'correct horse battery staple', passwordHash })).toBe(true);
    expect(await verifyPassword({ password: 'correct horse battery stapl', passwordHash })).toBe(false);
    expect(await verifyPassword({ password: 'Correct horse battery staple', passwordHash })).toBe(false);
    expect(await verifyPassword({ password: '', passwordHash })).toBe(false);
  });

  it('never truncate: a 100-character password with its 80th character changed is refused', async () => {
    const password = Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    expect(password).toHaveLength(100);
    const passwordHash = await hashPassword(password);
    const changed80th = `${password.slice(0, 79)}${password[79] === 'Z' ? 'Y' : 'Z'}${password.slice(80)}`;
    const changed100th = `${password.slice(0, 99)}!`;
    expect(changed80th).toHaveLength(100);
    expect(await verifyPassword({ password, passwordHash })).toBe(true);
    expect(await verifyPassword({ password: changed80th, passwordHash })).toBe(false);
    expect(await verifyPassword({ password: changed100th, passwordHash })).toBe(false);
    expect(await verifyPassword({ password: password.slice(0, 72), passwordHash })).toBe(false);
  });

  it('handle non-ASCII passwords by their full UTF-8 bytes', async () => {
    const passwordHash = await hashPassword('pässwörd-ünïcödé-🔐');
    expect(await verifyPassword({ password: 'pässwörd-ünïcödé-🔐', passwordHash })).toBe(true);
    expect(await verifyPassword({ password: 'passwörd-ünïcödé-🔐', passwordHash })).toBe(false);
  });

  it('for an unknown account (no stored hash) the answer is false, whatever the password', async () => {
    expect(await verifyPassword({ password: 'correct horse battery staple', passwordHash: null })).toBe(false);
    expect(await verifyPassword({ password: '', passwordHash: null })).toBe(false);
  });

  it('a damaged stored hash is a refusal, not a crash', async () => {
    expect(await verifyPassword({ password: 'anything at all', passwordHash: 'not-a-hash' })).toBe(false);
  });
});
