import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDemoPasswords } from '@/lib/users/demo-passwords';
import { DEMO_ACCOUNTS } from '@/lib/users/seed-demo-accounts';

// `npm start` and `npx gatehouse` as a newcomer runs them, from a folder of their own (so .env
// files and .data/ are this test's), with nothing in the environment but what each test gives.
const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

function run(args: string[], { cwd, env = {}, envFile }: { cwd?: string; env?: Record<string, string>; envFile?: string } = {}) {
  const folder = cwd ?? mkdtempSync(path.join(os.tmpdir(), 'gatehouse-start-'));
  if (envFile !== undefined) writeFileSync(path.join(folder, '.env'), envFile);
  const result = spawnSync(process.execPath, ['--import', tsx, ...args], {
    cwd: folder,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json'), ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Never reached by a refused start; were a check missing, the start would fail here instead of
// starting a database, and the assertions on the message would say which check.
const NO_DATABASE = { DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:9/none' };
const start = (options: Parameters<typeof run>[1]) => run([path.join(root, 'scripts', 'start.ts')], options);
const secrets = { NEXTAUTH_SECRET: randomBytes(32).toString('base64url'), GATEHOUSE_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` };

// Each case starts Node with tsx (a few seconds on a loaded 2-core machine), the command line also a database client.
describe('npm start refuses an unsafe configuration before anything runs', { timeout: 90_000 }, () => {
  it('production without its secrets', () => {
    const { status, output } = start({ env: { ...NO_DATABASE, GATEHOUSE_ENV: 'production', GATEHOUSE_URL: 'https://gatehouse.example' } });
    expect(status).toBe(1);
    expect(output).toContain('Gatehouse did not start');
    expect(output).toMatch(/needs NEXTAUTH_SECRET/);
    expect(output).toMatch(/needs GATEHOUSE_ENCRYPTION_KEYS/);
  });

  it('production asked for demo accounts, or on the development server', () => {
    const env = { ...NO_DATABASE, ...secrets, GATEHOUSE_ENV: 'production', GATEHOUSE_URL: 'https://gatehouse.example' };
    const demo = start({ env: { ...env, GATEHOUSE_DEMO_ACCOUNTS: 'on' } });
    expect(demo.status).toBe(1);
    expect(demo.output).toMatch(/GATEHOUSE_DEMO_ACCOUNTS asks for demo accounts/);
    const dev = run([path.join(root, 'scripts', 'start.ts'), '--dev'], { env });
    expect(dev.status).toBe(1);
    expect(dev.output).toMatch(/npm run dev/);
  });

  it('development under an https or public GATEHOUSE_URL', () => {
    for (const url of ['https://localhost:3000', 'http://gatehouse.example.com']) {
      const { status, output } = start({ env: { ...NO_DATABASE, GATEHOUSE_URL: url } });
      expect(status, url).toBe(1);
      expect(output).toMatch(/Development mode \(demo accounts, codes at \/dev\/outbox\) runs only at an http:\/\/localhost address/);
    }
  });

  it('reads .env before its checks, so the file cannot switch to production behind them', () => {
    const { status, output } = start({ env: NO_DATABASE, envFile: 'GATEHOUSE_ENV=production\nGATEHOUSE_URL=https://gatehouse.example\n' });
    expect(status).toBe(1);
    expect(output).toContain('Read settings from .env');
    expect(output).toMatch(/GATEHOUSE_ENV=production needs NEXTAUTH_SECRET/);
  });

  it('lets the environment win over .env, and takes an empty line in .env as unset', () => {
    const { status, output } = start({
      env: { ...NO_DATABASE, GATEHOUSE_ENV: 'development' },
      envFile: 'GATEHOUSE_ENV=production\nNEXTAUTH_SECRET=\nGATEHOUSE_URL=https://gatehouse.example\n',
    });
    expect(status).toBe(1);
    expect(output).not.toMatch(/NEXTAUTH_SECRET/);
    expect(output).toMatch(/Development mode .* GATEHOUSE_URL is https:\/\/gatehouse\.example/);
  });
});

describe('npx gatehouse demo show', { timeout: 180_000 }, () => {
  const gatehouse = (cwd: string, env: Record<string, string> = {}) =>
    run([path.join(root, 'bin', 'gatehouse.mjs'), 'demo', 'show'], { cwd, env: { DATABASE_URL: process.env.DATABASE_URL as string, ...secrets, ...env } });

  it("prints this installation's demo passwords, and says how to get them when there are none yet", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-demo-show-'));
    // The command line applies the project's migrations from its folder first.
    symlinkSync(path.join(root, 'prisma'), path.join(cwd, 'prisma'));
    const none = gatehouse(cwd);
    expect(none.status).toBe(1);
    expect(none.output).toMatch(/No demo passwords yet: `npm start`/);

    const { passwords } = ensureDemoPasswords({ emails: DEMO_ACCOUNTS.map((account) => account.email), file: path.join(cwd, '.data', 'demo-passwords.json') });
    const shown = gatehouse(cwd);
    expect(shown.status).toBe(0);
    for (const account of DEMO_ACCOUNTS) expect(shown.output).toContain(`${account.email}  ${passwords[account.email]}`);
    // This file's database has no demo accounts, and the listing says so.
    expect(shown.output).toContain('(not in this database: npx gatehouse demo seed)');

    const production = gatehouse(cwd, { GATEHOUSE_ENV: 'production', GATEHOUSE_URL: 'https://gatehouse.example' });
    expect(production.status).toBe(1);
    expect(production.output).toContain('Demo accounts exist only in development');
    expect(production.output).not.toContain(passwords['admin@example.com']);
  });
});
