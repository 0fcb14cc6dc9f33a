// `npm start` / `npm run dev`: one process that owns the database lifecycle and serves the app.
// - Reads the .env files first (Next's loader), then refuses unsafe settings before anything runs
//   (lib/config/check-deployment.ts); production also refuses a database with demo accounts or
//   development outbox messages in it.
// - No DATABASE_URL: starts the embedded PostgreSQL in .data/postgres and stops it on exit.
// - Applies migrations, creates the demo accounts with this installation's random passwords and
//   prints them (development only), builds when stale.
// - Serves Next.js behind a plain HTTP server that stamps the client address it can trust
//   (the socket peer, or what TRUSTED_PROXY_HOPS proxies reported), overwriting any header of
//   that name a client sent: rate limits and audit rows rely on it. Without a trusted proxy, a
//   client's X-Forwarded-Host is dropped too (the host name picks the sign-in page's brand look).
//   It also says whether the request came straight from this machine, with no proxy in between
//   (lib/http/is-direct-local-request.ts): only such a request may read the development outbox.
// - Answers Dovecot's POST /api/mail-auth itself, before Next (lib/mail-auth/serve-mail-auth.ts).
// - Over https, tells browsers to use nothing else (Strict-Transport-Security).
// - Deletes expired codes, pending logins and ended sessions every hour.
// First, for its effect: every module below must already see the .env files' settings.
import { LOADED_ENV_FILES } from '../lib/config/load-env-files-first';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { ensureDevSecrets } from '../lib/config/ensure-dev-secrets';
import { pinEnvironment } from '../lib/config/load-env-files';
import { applyMigrations } from '../lib/db/apply-migrations';
import { openDatabase } from '../lib/db/open-database';
import { disconnectPrisma } from '../lib/db/prisma';
import { checkDeployment } from '../lib/config/check-deployment';
import { closePgPool } from '../lib/db/pg-pool';
import { CLIENT_IP_HEADER, EDGE_TOKEN_HEADER, normalizeIp, PEER_IP_HEADER, resolveClientIp } from '../lib/http/client-ip';
import { DIRECT_LOCAL_HEADER, isDirectLocalRequest } from '../lib/http/is-direct-local-request';
import { isMailAuthRequest, serveMailAuth } from '../lib/mail-auth/serve-mail-auth';
import { transportSecurityHeader } from '../lib/http/transport-security-header';
import { purgeExpiredRecords } from '../lib/maintenance/purge-expired-records';
import { consoleActor } from '../lib/core/console-actor';
import { findDevelopmentLeftovers } from '../lib/users/find-development-leftovers';
import { DEMO_ACCOUNTS, demoAuthenticatorKeyName, seedDemoAccounts } from '../lib/users/seed-demo-accounts';

const isDev = process.argv.includes('--dev');
const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
const trustedProxyHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'generated' || entry.name === 'node_modules') continue;
      newest = Math.max(newest, newestSourceChange(full));
    } else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildStale(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const dirs = ['app', 'lib', 'components', 'public'].filter((dir) => existsSync(path.join(root, dir)));
  const files = ['next.config.js', 'proxy.ts', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'].filter((file) => existsSync(path.join(root, file)));
  return (
    dirs.some((dir) => newestSourceChange(path.join(root, dir)) > built) ||
    files.some((file) => statSync(path.join(root, file)).mtimeMs > built)
  );
}

async function main() {
  if (LOADED_ENV_FILES.length) console.log(`Read settings from ${LOADED_ENV_FILES.join(', ')} (the environment wins over them).`);
  const setting = (name: string) => process.env[name] || undefined;
  const problems = checkDeployment({
    gatehouseEnv: setting('GATEHOUSE_ENV'),
    gatehouseUrl: setting('GATEHOUSE_URL'),
    host: hostname,
    mailAuthSecret: setting('GATEHOUSE_MAIL_AUTH_SECRET'),
    mailAuthAllowedIps: setting('GATEHOUSE_MAIL_AUTH_ALLOWED_IPS'),
    nextauthSecret: setting('NEXTAUTH_SECRET'),
    encryptionKeys: setting('GATEHOUSE_ENCRYPTION_KEYS'),
    demoAccounts: setting('GATEHOUSE_DEMO_ACCOUNTS'),
    throwawayData: setting('GATEHOUSE_DATA_THROWAWAY'),
    isDevServer: isDev,
  });
  if (problems.length) throw new StartRefused(problems);
  const isProduction = process.env.GATEHOUSE_ENV === 'production';
  process.env.GATEHOUSE_URL ??= `http://localhost:${port}`;
  // Per process: the app trusts the client-address header only alongside this value.
  process.env.GATEHOUSE_EDGE_TOKEN = randomBytes(24).toString('base64url');
  // next-auth reads its own name for the same setting.
  process.env.NEXTAUTH_URL ??= process.env.GATEHOUSE_URL;
  ensureDevSecrets();
  const isEmbedded = !process.env.DATABASE_URL;
  const database = await openDatabase();
  process.env.DATABASE_URL = database.databaseUrl;
  const applied = await applyMigrations({ databaseUrl: database.databaseUrl });
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
  if (isProduction) {
    const leftovers = await findDevelopmentLeftovers();
    if (leftovers.length) {
      await disconnectPrisma();
      await database.stop();
      throw new StartRefused(leftovers);
    }
  }
  let demoPasswords: Record<string, string> | null = null;
  if (!isProduction && process.env.GATEHOUSE_DEMO_ACCOUNTS !== 'off') {
    const seeded = await seedDemoAccounts({ actor: consoleActor() });
    demoPasswords = seeded.passwords;
    if (seeded.created.length) console.log(`Created demo accounts: ${seeded.created.join(', ')}`);
    if (seeded.replaced.length) console.log(`Gave demo accounts this installation's passwords: ${seeded.replaced.join(', ')}`);
    if (seeded.hadPublishedPassword.length) {
      console.warn(
        `Warning: ${seeded.hadPublishedPassword.join(', ')} still had the password an older README published. Each was reset (new password, sessions ended, factors and app passwords removed). If this instance was ever reachable from another machine, treat its database as compromised and start from a fresh one.`,
      );
    }
  }
  await disconnectPrisma();
  // From here on the environment is what was checked: Next's development server, reloading .env
  // on a change, restores exactly this.
  pinEnvironment();

  if (!isDev && isBuildStale()) {
    console.log('Building Gatehouse (first start, or the sources changed)...');
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      stdio: 'inherit',
      env: process.env,
    });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const app = next({ dev: isDev, dir: root, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const strictTransportSecurity = transportSecurityHeader({ gatehouseUrl: process.env.GATEHOUSE_URL });
  const server = http.createServer((req, res) => {
    if (strictTransportSecurity) res.setHeader('Strict-Transport-Security', strictTransportSecurity);
    req.headers[EDGE_TOKEN_HEADER] = process.env.GATEHOUSE_EDGE_TOKEN;
    // With no proxy of ours in front, the Host header is the name the browser used, and a client's
    // X-Forwarded-Host is just a claim: dropped, so the brand look (lib/http/request-host.ts) and
    // Next's server-action origin check both compare against the real Host. Behind
    // TRUSTED_PROXY_HOPS proxies, the outermost one must set X-Forwarded-Host (overwriting).
    // Judged on the raw request, before any header is dropped or added (the outbox reads it).
    const isDirectLocal = isDirectLocalRequest({ peerIp: req.socket.remoteAddress ?? 'unknown', headers: req.headers, httpVersion: req.httpVersion });
    if (trustedProxyHops <= 0) delete req.headers['x-forwarded-host'];
    const peerIp = normalizeIp(req.socket.remoteAddress ?? 'unknown');
    const clientIp = resolveClientIp({ remoteAddress: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'], trustedProxyHops });
    // Dovecot's mail-login question is answered here, before Next, from the same peer and client.
    if (isMailAuthRequest(req)) {
      void serveMailAuth({ request: req, response: res, caller: { peerIp, clientIp } });
      return;
    }
    req.headers[PEER_IP_HEADER] = peerIp;
    req.headers[DIRECT_LOCAL_HEADER] = isDirectLocal ? '1' : '0';
    req.headers[CLIENT_IP_HEADER] = clientIp;
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  console.log(`Gatehouse is running at ${process.env.GATEHOUSE_URL} (database: ${isEmbedded ? 'embedded PostgreSQL in .data/postgres' : 'DATABASE_URL'})`);
  if (!isProduction) {
    if (demoPasswords) {
      console.log('Demo accounts (passwords made for this installation, kept in .data/demo-passwords.json; `npx gatehouse demo show` prints them again):');
      for (const account of DEMO_ACCOUNTS) {
        console.log(`  ${account.email}  ${demoPasswords[account.email]}  (${account.role ? `${account.role}${account.brand ? ` of ${account.brand}` : ''}` : 'mailbox'})`);
        const key = demoPasswords[demoAuthenticatorKeyName(account.email)];
        if (key) console.log(`    authenticator app key: ${key}`);
      }
    }
    console.log(`Development outbox (this machine only, never through a proxy): ${process.env.GATEHOUSE_URL}/dev/outbox`);
  }

  // Hourly, and once now: several instances doing it too is harmless (each delete is idempotent).
  const purge = () =>
    purgeExpiredRecords().catch((error: unknown) => console.error('Purging expired records failed:', error));
  void purge();
  const purgeTimer = setInterval(() => void purge(), 60 * 60 * 1000);
  purgeTimer.unref();

  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    clearInterval(purgeTimer);
    console.log(`${signal}: stopping Gatehouse...`);
    server.close();
    server.closeAllConnections();
    await app.close().catch(() => undefined);
    await disconnectPrisma();
    await closePgPool();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A start refused for its settings: said in sentences, without a stack trace. */
class StartRefused extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

main().catch((error) => {
  if (error instanceof StartRefused) console.error(`Gatehouse did not start:\n${error.problems.map((problem) => `- ${problem}`).join('\n')}`);
  else console.error(error);
  process.exit(1);
});
