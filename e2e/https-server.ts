// A third Gatehouse for e2e/https-cookies.spec.ts: started as a deployment is (GATEHOUSE_ENV=
// production with secrets of its own, on a database of its own: production refuses one that holds
// development outbox messages, as the other test servers' does), with an https GATEHOUSE_URL,
// behind a small TLS terminator with a certificate made for this run, as a deployment's own proxy
// would stand in front of it. Started by playwright.config.ts with the other servers, so its
// start (a new database, the first load of every route the spec visits) counts against no test.
// Run with `node --import tsx`; the settings come from playwright.config.ts (httpsDeploymentEnv).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

const appPort = Number(process.env.HTTPS_APP_PORT);
const tlsPort = Number(process.env.HTTPS_TLS_PORT);
const dir = path.dirname(process.env.GATEHOUSE_DATA_DIR as string);
mkdirSync(dir, { recursive: true });
// The embedded server's folder must be enterable by its own user (PostgreSQL runs as one under root).
chmodSync(dir, 0o755);

const made = spawnSync('openssl', [
  'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
], { stdio: 'pipe' });
if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr.toString()}`);

const { DATABASE_URL: _shared, GATEHOUSE_DEMO_ACCOUNTS: _demo, HTTPS_APP_PORT: _app, HTTPS_TLS_PORT: _tls, ...deployment } = process.env;
const app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
  stdio: 'inherit',
  env: {
    ...deployment,
    NODE_ENV: 'production',
    PORT: String(appPort),
    GATEHOUSE_URL: `https://localhost:${tlsPort}`,
    // The terminator is this deployment's one proxy: it reports the client's address.
    TRUSTED_PROXY_HOPS: '1',
    CODE_RESEND_WAIT_SECONDS: '0',
  },
});
const stop = () => app.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
app.on('exit', (code) => process.exit(code ?? 0));

function get(pathname: string): Promise<number> {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port: appPort, path: pathname, headers: { 'x-forwarded-proto': 'https' } }, (answer) => {
      answer.resume();
      resolve(answer.statusCode ?? 0);
    }).on('error', () => resolve(0));
  });
}

// Up once the sign-in page answers; then the routes the spec visits are loaded once, so its first
// requests are as quick as any later ones.
while ((await get('/sign-in')) !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
for (const pathname of ['/sign-in/token', '/settings/security', '/settings/security/two-factor']) await get(pathname);

// Only now the terminator listens: Playwright waits for its sign-in page.
const terminator = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (request, response) => {
  const upstream = http.request(
    {
      host: '127.0.0.1',
      port: appPort,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, 'x-forwarded-for': request.socket.remoteAddress ?? '127.0.0.1', 'x-forwarded-proto': 'https' },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
});
terminator.listen(tlsPort, '127.0.0.1');
