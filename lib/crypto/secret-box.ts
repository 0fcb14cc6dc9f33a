import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { requireSetting } from '@/lib/config/env';

// Secrets at rest (TOTP keys) are sealed with AES-256-GCM. The stored value names the key that
// sealed it, so keys can rotate: add a new key first in GATEHOUSE_ENCRYPTION_KEYS, keep the old
// ones after it until every value has been re-sealed. The additional data binds a value to its
// owner, so a ciphertext copied onto another account's row does not decrypt.
const FORMAT = 'v1';

type Keyring = { currentId: string; keys: Map<string, Buffer> };

export function parseKeyring(setting: string): Keyring {
  const keys = new Map<string, Buffer>();
  let currentId = '';
  for (const entry of setting.split(',').map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (separator < 1 || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
      throw new Error('GATEHOUSE_ENCRYPTION_KEYS must be "keyId:base64-of-32-bytes", comma-separated, newest first.');
    }
    // A sealed value names its key by id, so an id must name one key only.
    if (keys.has(id)) throw new Error(`GATEHOUSE_ENCRYPTION_KEYS names the key id "${id}" twice; give each key its own id.`);
    if (!currentId) currentId = id;
    keys.set(id, key);
  }
  if (!currentId) throw new Error('GATEHOUSE_ENCRYPTION_KEYS holds no key.');
  return { currentId, keys };
}

function keyring(): Keyring {
  return parseKeyring(requireSetting('GATEHOUSE_ENCRYPTION_KEYS'));
}

export function encryptSecret({ plaintext, boundTo }: { plaintext: string; boundTo: string }, ring = keyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.currentId) as Buffer, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, ring.currentId, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptSecret({ sealed, boundTo }: { sealed: string; boundTo: string }, ring = keyring()): string {
  const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
  const key = ring.keys.get(keyId ?? '');
  if (format !== FORMAT || !key || !iv || !tag || ciphertext === undefined) {
    throw new Error(`Cannot open a sealed secret: unknown format or key id "${keyId}".`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** The key id a sealed value was written with, for re-sealing after a rotation. */
export function sealedKeyId(sealed: string): string {
  return sealed.split('.')[1] ?? '';
}
