import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SECRETS_FILE = path.join(process.cwd(), '.data', 'dev-secrets.json');

type DevSecrets = { NEXTAUTH_SECRET: string; GATEHOUSE_ENCRYPTION_KEYS: string };

/**
 * Development only: generates the session secret and the TOTP encryption key on first start and
 * keeps them in .data/ (git-ignored), so a fresh clone runs with nothing to configure and no
 * secret is ever committed. Production refuses to start without real values in the environment.
 */
export function ensureDevSecrets(): void {
  if (process.env.GATEHOUSE_ENV === 'production') {
    for (const name of ['NEXTAUTH_SECRET', 'GATEHOUSE_ENCRYPTION_KEYS'] as const) {
      if (!process.env[name]) throw new Error(`${name} must be set when GATEHOUSE_ENV=production.`);
    }
    return;
  }
  let secrets: DevSecrets;
  if (existsSync(SECRETS_FILE)) {
    secrets = JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as DevSecrets;
  } else {
    secrets = {
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      GATEHOUSE_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    };
    mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
    writeFileSync(SECRETS_FILE, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET ??= secrets.NEXTAUTH_SECRET;
  process.env.GATEHOUSE_ENCRYPTION_KEYS ??= secrets.GATEHOUSE_ENCRYPTION_KEYS;
}
