// A real Dovecot for the mail-login tests: Debian's packages, run as root in the foreground with
// a configuration generated into a temporary folder (its own base_dir, state and mail folders,
// loopback ports), which includes the shipped docs/dovecot/dovecot-gatehouse.conf and Lua script
// with only their paths changed. Plain Node: imported by Playwright specs and scripts/bench.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DOVECOT_BINARY = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
const DOCS = path.join(process.cwd(), 'docs', 'dovecot');

export type MailPorts = { imap: number; pop3: number; submission: number };

/**
 * Dovecot's ports: DOVECOT_BASE_PORT (default E2E_PORT + 20, so a run on another E2E_PORT moves
 * them too) for IMAP, then POP3 and submission; `instance` moves a second Dovecot three further.
 */
export function mailPorts(instance = 0): MailPorts {
  const base = Number(process.env.DOVECOT_BASE_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 20) + instance * 3;
  return { imap: base, pop3: base + 1, submission: base + 2 };
}

export type RunningDovecot = {
  ports: MailPorts;
  logPath: string;
  pid: number;
  /** Its dovecot.conf, for `doveadm -c` (doveadm then finds this instance's base_dir and sockets). */
  configPath: string;
  /** Its runtime folder (base_dir), where the auth sockets live. */
  baseDir: string;
  stop: () => Promise<void>;
};

/** Why this machine cannot run the mail tests, or null when it can. */
export function dovecotMissing(): string | null {
  if (!existsSync(DOVECOT_BINARY) || !existsSync('/usr/lib/dovecot/modules/auth/libauthdb_lua.so')) {
    return 'Dovecot is not installed. Install it with: apt-get install -y dovecot-imapd dovecot-pop3d dovecot-submissiond dovecot-auth-lua lua-socket lua-cjson';
  }
  if (process.getuid?.() !== 0) return 'The mail tests start Dovecot, which must run as root (it switches to its own users).';
  return null;
}

/**
 * Starts Dovecot asking `mailAuthUrl` (with `secret`) about every login; resolves once it listens.
 * With `postfixAuthSocket`, it also includes the shipped dovecot-postfix-auth.conf, listening there
 * for Postfix's SASL client (e2e/mail/postfix.ts) instead of in /var/spool/postfix.
 */
export async function startDovecot({
  mailAuthUrl,
  secret,
  ports,
  postfixAuthSocket,
}: {
  mailAuthUrl: string;
  secret: string;
  ports: MailPorts;
  postfixAuthSocket?: string;
}): Promise<RunningDovecot> {
  const missing = dovecotMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-dovecot-'));
  await chmod(dir, 0o755);
  const mailDir = path.join(dir, 'mail');
  await mkdir(mailDir, { mode: 0o777 });
  await chmod(mailDir, 0o777);
  const secretFile = path.join(dir, 'mail-auth.secret');
  await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });
  const script = path.join(dir, 'gatehouse-passdb.lua');
  await copyFile(path.join(DOCS, 'gatehouse-passdb.lua'), script);
  const fragment = (await readFile(path.join(DOCS, 'dovecot-gatehouse.conf'), 'utf8'))
    .replace('/etc/dovecot/gatehouse-passdb.lua', script)
    .replace('/etc/dovecot/gatehouse-mail-auth.secret', secretFile)
    .replace('http://127.0.0.1:3000/api/mail-auth', mailAuthUrl);
  await writeFile(path.join(dir, 'dovecot-gatehouse.conf'), fragment);
  if (postfixAuthSocket) {
    const postfixFragment = (await readFile(path.join(DOCS, 'dovecot-postfix-auth.conf'), 'utf8')).replace('/var/spool/postfix/private/auth', postfixAuthSocket);
    await writeFile(path.join(dir, 'dovecot-postfix-auth.conf'), postfixFragment);
  }
  const logPath = path.join(dir, 'dovecot.log');
  const config = path.join(dir, 'dovecot.conf');
  await writeFile(
    config,
    `# Generated for one test run.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logPath}
instance_name = gatehouse-test-${ports.imap}
protocols = imap pop3 submission
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
# The throttle under test is Gatehouse's: no extra pause of Dovecot's own after a failure.
auth_failure_delay = 0
auth_verbose = yes
mail_location = maildir:${mailDir}/%d/%n
first_valid_uid = 1
hostname = mail.gatehouse.test
submission_relay_host = 127.0.0.1
submission_relay_port = 9
!include ${dir}/dovecot-gatehouse.conf
${postfixAuthSocket ? `!include ${dir}/dovecot-postfix-auth.conf` : ''}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${mailDir}/%d/%n
}
# Dovecot's own growing pause per client address (anvil) would hide Gatehouse's throttle.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = ${ports.pop3}
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = ${ports.submission}
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', config], { stdio: ['ignore', 'inherit', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (!exited) {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of Object.values(ports)) await waitForPort(port, () => exited);
    // Postfix's smtpd connects to this socket at each AUTH: a login before it exists is refused.
    if (postfixAuthSocket) await waitForSocket(postfixAuthSocket, () => exited);
  } catch (error) {
    const log = await readFile(logPath, 'utf8').catch(() => '(no log)');
    await stop();
    throw new Error(`Dovecot did not start: ${(error as Error).message}\n${log}`);
  }
  return { ports, logPath, pid: child.pid ?? 0, configPath: config, baseDir: `${dir}/run`, stop };
}

async function waitForSocket(socketPath: string, hasExited: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited');
    if (existsSync(socketPath)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no socket at ${socketPath}`);
}

/** Waits until something listens on a loopback port, failing early once the process has exited. */
export async function waitForPort(port: number, hasExited: () => boolean = () => false, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited');
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}
