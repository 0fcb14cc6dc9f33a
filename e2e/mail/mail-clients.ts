// Mail clients as a phone or Thunderbird would be: imapflow (IMAP), nodemailer (SMTP submission)
// and, since only USER/PASS/QUIT are needed, a few lines of POP3 over node:net. Each logs in
// once and reports whether the server let it in, with the server's answer.
import { execFile } from 'node:child_process';
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';

export type LoginOutcome = { isAccepted: boolean; response: string };
type Credentials = { user: string; pass: string };

export async function imapLogin(port: number, auth: Credentials): Promise<LoginOutcome> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth, logger: false, connectionTimeout: 10_000 });
  // A refused login also emits 'error' on the client; the rejected connect() says it already.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen('INBOX');
    await client.logout();
    return { isAccepted: true, response: `INBOX has ${mailbox.exists} messages` };
  } catch (error) {
    const failure = error as { responseText?: string; message?: string; serverResponseCode?: string };
    client.close();
    return { isAccepted: false, response: `${failure.serverResponseCode ?? ''} ${failure.responseText ?? failure.message ?? ''}`.trim() };
  }
}

/** `localAddress` (any 127.x.y.z) is the client's own address, for a test whose limits are its own. */
export async function submissionLogin(port: number, auth: Credentials, { localAddress }: { localAddress?: string } = {}): Promise<LoginOutcome> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth, connectionTimeout: 10_000, localAddress });
  try {
    await transport.verify();
    return { isAccepted: true, response: 'authenticated' };
  } catch (error) {
    return { isAccepted: false, response: String((error as { response?: string }).response ?? (error as Error).message) };
  } finally {
    transport.close();
  }
}

/** POP3 (RFC 1939) USER and PASS, then STAT (which needs the mailbox open) and QUIT. */
export async function pop3Login(port: number, { user, pass }: Credentials): Promise<LoginOutcome> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  socket.setTimeout(10_000, () => socket.destroy(new Error('POP3 server did not answer')));
  let buffered = '';
  const waiting: Array<(line: string) => void> = [];
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      waiting.shift()?.(line);
    }
  });
  const closed = new Promise<never>((_resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('POP3 connection closed')));
  });
  const nextLine = () => Promise.race([new Promise<string>((resolve) => waiting.push(resolve)), closed]);
  const command = (line: string) => {
    const answer = nextLine();
    socket.write(`${line}\r\n`);
    return answer;
  };
  try {
    await nextLine();
    const afterUser = await command(`USER ${user}`);
    if (!afterUser.startsWith('+OK')) return { isAccepted: false, response: afterUser };
    const afterPass = await command(`PASS ${pass}`);
    if (!afterPass.startsWith('+OK')) return { isAccepted: false, response: afterPass };
    const stat = await command('STAT');
    await command('QUIT').catch(() => '');
    return { isAccepted: stat.startsWith('+OK'), response: stat };
  } finally {
    socket.destroy();
  }
}

/**
 * `doveadm auth test` against one test Dovecot (its own configuration, so its own base_dir and
 * auth socket), under the SASL service name a client would send: a client that is not one of
 * Dovecot's login processes, like Postfix's SASL client, so it sees only the passdb's result.
 */
export async function doveadmAuthTest(dovecot: { configPath: string }, service: string, { user, pass }: Credentials): Promise<LoginOutcome> {
  const outcome = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile('doveadm', ['-c', dovecot.configPath, 'auth', 'test', '-x', `service=${service}`, user, pass], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  return { isAccepted: outcome.code === 0 && /auth succeeded/.test(outcome.output), response: outcome.output.replace(/\s+/g, ' ').trim() };
}
