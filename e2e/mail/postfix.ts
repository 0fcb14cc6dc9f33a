// A private Postfix for the SMTP AUTH test: Debian's package, started with `postfix -c` on a
// configuration generated into a temporary folder (its own queue and data folders, one loopback
// port, no other listener), never the system's instance. Its submission service is the shipped
// docs/dovecot/postfix-submission.cf with only its listener, chroot and TLS changed (the test
// speaks plain SMTP on loopback, as the Dovecot of the tests does plain IMAP).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const POSTFIX_BINARY = process.env.POSTFIX_PATH ?? '/usr/sbin/postfix';
const DOCS = path.join(process.cwd(), 'docs', 'dovecot');

export type RunningPostfix = {
  port: number;
  /** Where Postfix's smtpd looks for Dovecot's auth socket (private/auth in its queue folder). */
  saslSocketPath: string;
  logPath: string;
  stop: () => Promise<void>;
};

/** Why this machine cannot run the Postfix test, or null when it can. */
export function postfixMissing(): string | null {
  if (!existsSync(POSTFIX_BINARY)) return 'Postfix is not installed. Install it with: apt-get install -y postfix';
  if (process.getuid?.() !== 0) return 'The Postfix test starts Postfix, which must run as root (it switches to its own user).';
  return null;
}

/** The shipped submission entry, listening on 127.0.0.1:`port`, not chrooted, without TLS. */
export async function submissionEntryForTest(port: number): Promise<string> {
  const shipped = await readFile(path.join(DOCS, 'postfix-submission.cf'), 'utf8');
  const entry = shipped
    .replace(/^submission\s+inet\s+n\s+-\s+y\s+/m, `127.0.0.1:${port} inet n - n `)
    .replace('-o smtpd_tls_security_level=encrypt', '-o smtpd_tls_security_level=none')
    .replace('-o smtpd_tls_auth_only=yes', '-o smtpd_tls_auth_only=no');
  if (entry === shipped || !entry.includes('smtpd_tls_security_level=none') || !entry.includes('smtpd_tls_auth_only=no')) {
    throw new Error('docs/dovecot/postfix-submission.cf changed: update e2e/mail/postfix.ts');
  }
  return entry;
}

/** Starts the private Postfix, its submission service on `port`; resolves once it listens. */
export async function startPostfix({ port }: { port: number }): Promise<RunningPostfix> {
  const missing = postfixMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-postfix-'));
  await chmod(dir, 0o755);
  const configDir = path.join(dir, 'etc');
  const queueDir = path.join(dir, 'spool');
  const dataDir = path.join(dir, 'data');
  for (const folder of [configDir, queueDir, dataDir]) await mkdir(folder, { mode: 0o755 });
  // The master's lock file lives in data_directory, which Postfix wants its mail_owner to own.
  const owner = (await run('id', ['-u', 'postfix'])).stdout.trim();
  const group = (await run('id', ['-g', 'postfix'])).stdout.trim();
  await chown(dataDir, Number(owner), Number(group));
  const logPath = path.join(dir, 'postfix.log');
  await writeFile(
    path.join(configDir, 'main.cf'),
    `# Generated for one test run.
compatibility_level = 3.6
queue_directory = ${queueDir}
data_directory = ${dataDir}
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.gatehouse.test
mydomain = gatehouse.test
mydestination =
relayhost = [127.0.0.1]:9
alias_maps =
alias_database =
smtputf8_enable = no
# The test's clients use loopback addresses with no name; a reverse lookup would wait on the closed network.
smtpd_peername_lookup = no
maillog_file = ${logPath}
maillog_file_prefixes = ${dir}
`,
  );
  // Only the services a submission needs; chroot off (the folder is not a prepared jail).
  await writeFile(
    path.join(configDir, 'master.cf'),
    `${await submissionEntryForTest(port)}
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`,
  );
  const postfix = (command: string) => run(POSTFIX_BINARY, ['-c', configDir, command], { env: { ...process.env, MAIL_CONFIG: configDir } });
  let isStarted = false;
  const stop = async () => {
    if (isStarted) await postfix('stop').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await postfix('start');
    isStarted = true;
    await waitForListener(port);
  } catch (error) {
    const log = await readFile(logPath, 'utf8').catch(() => '(no log)');
    await stop();
    const detail = error as Error & { stderr?: string; stdout?: string };
    throw new Error(`Postfix did not start: ${detail.message}\n${detail.stdout ?? ''}${detail.stderr ?? ''}\n${log}`);
  }
  return { port, saslSocketPath: path.join(queueDir, 'private', 'auth'), logPath, stop };
}

/**
 * Waits until something listens on `port`, without connecting to it. A connection would make
 * Postfix start an smtpd before Dovecot's auth socket exists (Dovecot starts after Postfix, in
 * Postfix's queue folder): that smtpd dies with "no SASL authentication mechanisms" and the master
 * then throttles the service for a minute, so a test's client that connects meanwhile never gets a
 * greeting. The kernel's table of listening sockets says the same thing with no side effect.
 */
async function waitForListener(port: number, timeoutMs = 15_000): Promise<void> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const table = await readFile('/proc/net/tcp', 'utf8');
    // Columns: sl, local_address (hex ip:port), rem_address, st (0A: LISTEN), ...
    const isListening = table.split('\n').some((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return state === '0A' && local?.endsWith(`:${hexPort}`);
    });
    if (isListening) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}
