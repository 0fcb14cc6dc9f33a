// The app-password figures of `npm run bench`: mail logins through the real endpoint (the app
// served by scripts/start.ts, as in production) and through a real Dovecot over IMAP. Imported by
// scripts/bench.ts, which owns the database and the report.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { ImapFlow } from 'imapflow';
import { consoleActor } from '../lib/core/console-actor';
import { createAppPassword } from '../lib/app-passwords/create-app-password';
import { dovecotMissing, mailPorts, startDovecot, type RunningDovecot } from '../e2e/mail/dovecot';

export type MailBenchUser = { email: string; appPassword: string };

/** An app password for each of `users`, created by the console through the verb. */
export async function createAppPasswords(users: Array<{ id: string; email: string }>): Promise<MailBenchUser[]> {
  const actor = consoleActor('bench');
  const created: MailBenchUser[] = [];
  for (const user of users) {
    const { password } = await createAppPassword({ actor, userId: user.id, name: 'Bench mail client' });
    created.push({ email: user.email, appPassword: password });
  }
  return created;
}

export type RunningApp = { url: string; pid: number; stop: () => Promise<void> };

/**
 * Gatehouse as `npm start` serves it (building first when the sources changed), on the bench's
 * database, with a mail-login secret of this run.
 */
export async function startApp({ databaseUrl, secret, port }: { databaseUrl: string; secret: string; port: number }): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      GATEHOUSE_URL: `http://localhost:${port}`,
      DATABASE_URL: databaseUrl,
      GATEHOUSE_DEMO_ACCOUNTS: 'off',
      GATEHOUSE_MAIL_AUTH_SECRET: secret,
      UV_THREADPOOL_SIZE: String(os.availableParallelism()),
    },
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Gatehouse is running at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`scripts/start.ts exited (${code}) before serving:\n${output.slice(-2000)}`)));
  });
  child.stdout?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One mail login through POST /api/mail-auth, as Dovecot's Lua passdb sends it; throws unless accepted. */
export function endpointLogin({ url, secret, user, clientIp }: { url: string; secret: string; user: MailBenchUser; clientIp: string }): Promise<void> {
  const body = JSON.stringify({ username: user.email, password: user.appPassword, service: 'imap', clientIp });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/api/mail-auth`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${secret}` },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if (response.statusCode === 200 && text.includes('"accept"')) resolve();
          else reject(new Error(`mail-auth answered ${response.statusCode}: ${text.slice(0, 80)}`));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Dovecot pointed at the app, or why it cannot run here (not installed, not root). */
export async function startBenchDovecot({ url, secret }: { url: string; secret: string }): Promise<RunningDovecot | string> {
  const missing = dovecotMissing();
  if (missing) return missing;
  return startDovecot({ mailAuthUrl: `${url}/api/mail-auth`, secret, ports: mailPorts(4) });
}

/** One IMAP login (connect, LOGIN, LOGOUT) through Dovecot; throws unless accepted. */
export async function imapBenchLogin(port: number, user: MailBenchUser): Promise<void> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: user.email, pass: user.appPassword }, logger: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.logout();
  } catch (error) {
    client.close();
    throw error;
  }
}
