// App passwords and mail logins for one test each. Vitest only.
import { randomUUID } from 'node:crypto';
import { createAppPassword } from '@/lib/app-passwords/create-app-password';
import { decideMailLogin } from '@/lib/mail-auth/decide-mail-login';
import type { MailService } from '@/lib/mail-auth/mail-protocol';
import { selfActorFor, testRequest } from './users';

/** A new app password of `user`, created by its owner in a session that just passed a second factor. */
export async function createTestAppPassword(user: { id: string }, name = `Device ${randomUUID().slice(0, 8)}`) {
  return createAppPassword({ actor: await selfActorFor(user), userId: user.id, name });
}

/** What Dovecot would hear for this login, from a mail client at its own address. */
export function mailLogin(
  { email, password }: { email: string; password: string },
  { service = 'imap', clientIp = testRequest().ip }: { service?: MailService; clientIp?: string } = {},
) {
  return decideMailLogin({ username: email, password, service, clientIp });
}
