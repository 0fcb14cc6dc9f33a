import type { Actor } from '@/lib/core/actor';
import { normalizeAppPassword } from '@/lib/app-passwords/app-password-secret';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { enrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import { verifyPassword } from '@/lib/core/hash-password';
import { prisma } from '@/lib/db/prisma';
import { isAppError, type AppErrorCode } from '@/lib/errors/app-error';
import { beginAttempt, forgetAttempt, recordFailure, recordSuccess } from '@/lib/rate-limit/failure-throttle';
import { mailLoginThrottle } from '@/lib/rate-limit/throttle-keys';
import { findMailAccount, type MailAccount } from './find-mail-account';
import { MAIL_SERVICES, type MailService } from './mail-protocol';
import { noteAccountPasswordRefusal } from './note-account-password-refusal';
import { findAppPassword, stampAppPasswordUse } from './use-app-password';

/** Why a mail login was refused: a code of the error table, whose sentence the mail client shows. */
export type MailLoginRefusal = Extract<
  AppErrorCode,
  'INVALID_CREDENTIALS' | 'MAIL_APP_PASSWORD_NEEDED' | 'MAIL_APP_PASSWORDS_OFF' | 'MAIL_TWO_FACTOR_OVERDUE' | 'TOO_MANY_ATTEMPTS' | 'ACCOUNT_LOCKED'
>;

/**
 * How the mail server must fail each refusal. Every refusal is a failure, never an OK with
 * `nologin`: only Dovecot's own login processes honour `nologin`, while Postfix's SASL client and
 * `doveadm auth test` take any OK as a good password. `password_mismatch` asks the client for
 * another password (an app password, for an account password refused); `user_disabled` says no
 * password opens the mailbox over mail for now; `temporary` asks it to try later. The owner reads
 * why on the security page and by e-mail; a mail client shows only Dovecot's generic sentence.
 */
export type MailLoginFailure = 'password_mismatch' | 'user_disabled' | 'temporary';
export const MAIL_LOGIN_FAILURES: Record<MailLoginRefusal, MailLoginFailure> = {
  INVALID_CREDENTIALS: 'password_mismatch',
  MAIL_APP_PASSWORD_NEEDED: 'password_mismatch',
  MAIL_APP_PASSWORDS_OFF: 'user_disabled',
  MAIL_TWO_FACTOR_OVERDUE: 'user_disabled',
  TOO_MANY_ATTEMPTS: 'temporary',
  ACCOUNT_LOCKED: 'user_disabled',
};

export type MailLoginDecision =
  | { result: 'accept'; userId: string; via: 'app_password' | 'account_password' }
  | { result: 'refuse'; reason: MailLoginRefusal; retryAfterSeconds?: number };

/**
 * The one decision for every mail protocol (IMAP, POP3, SMTP submission), whichever transport
 * asks, so none can forget the rule (Gitea CVE-2019-11576, Forgejo CVE-2023-49947, mailcow #3869):
 * - an app password of the mailbox is accepted while its brand allows app passwords;
 * - the account password is accepted only while the mailbox has no second factor; with one it is
 *   refused as MAIL_APP_PASSWORD_NEEDED, and the owner is told (page and e-mail);
 * - a mailbox that must set up a second factor and whose enrolment period is over is refused
 *   both (MAIL_TWO_FACTOR_OVERDUE) until it enrols: no protocol accepts a password alone then,
 *   and its app passwords, made without a second factor, work again once it has one;
 * - anything else is a wrong password, counted on the mail-login throttle (keys of its own, so an
 *   IMAP brute force never locks the web sign-in).
 * A correct secret refused by policy is not a guess: its attempt is given back. Unknown mailboxes
 * take the same path and time as wrong passwords (an argon2id verify against a dummy hash).
 *
 * An app password is looked up before the throttle. 131 bits from the CSPRNG cannot be guessed,
 * so a match needs no attempt counted, and a brute force on the account password (even one that
 * locked it) never locks the owner's mail apps out; whatever does not match is counted below like
 * any guess. That keeps the mail apps' everyday login to two short prepared statements, no
 * argon2id: the account read with its brand's allowAppPasswords, then the lookup that stamps the use.
 */
export async function decideMailLogin({
  username,
  password,
  service,
  clientIp,
}: {
  username: string;
  password: string;
  service: MailService;
  /** The mail client's address, as Dovecot saw it (%{rip}). */
  clientIp: string;
}): Promise<MailLoginDecision> {
  const protocol = MAIL_SERVICES[service];
  const actor: Actor & { kind: 'mail-client' } = {
    kind: 'mail-client',
    protocol,
    request: { ip: clientIp, userAgent: `mail client (${protocol})` },
  };
  const email = username.trim().toLowerCase();
  const keys = mailLoginThrottle({ email, ip: clientIp });
  const account = await findMailAccount({ email });

  const letters = normalizeAppPassword(password);
  if (account && letters) {
    // The requirement is asked only once the app password is known to be the mailbox's: asking
    // may start the enrolment period, which a guess must never do.
    if (account.areAppPasswordsAllowed && !mayBeEnrolmentOverdue(account)) {
      if (await stampAppPasswordUse({ userId: account.id, letters, ip: clientIp, protocol })) {
        return { result: 'accept', userId: account.id, via: 'app_password' };
      }
    } else if (await findAppPassword({ userId: account.id, letters })) {
      const refusal = !account.areAppPasswordsAllowed ? 'MAIL_APP_PASSWORDS_OFF' : (await isEnrolmentOverdue({ actor, account })) ? 'MAIL_TWO_FACTOR_OVERDUE' : null;
      if (!refusal && (await stampAppPasswordUse({ userId: account.id, letters, ip: clientIp, protocol }))) {
        return { result: 'accept', userId: account.id, via: 'app_password' };
      }
      if (refusal) {
        await recordAuditEvent(prisma, { type: 'mail_login.refused', actor, subjectId: account.id, detail: { reason: refusal, protocol } });
        return { result: 'refuse', reason: refusal };
      }
    }
  }

  try {
    await beginAttempt(keys);
  } catch (error) {
    if (isAppError(error) && (error.code === 'TOO_MANY_ATTEMPTS' || error.code === 'ACCOUNT_LOCKED')) {
      return { result: 'refuse', reason: error.code, retryAfterSeconds: error.retryAfterSeconds };
    }
    throw error;
  }

  const isAccountPassword = await verifyPassword({ password, passwordHash: account?.passwordHash ?? null });
  if (account && isAccountPassword) {
    const refusal = account.isMfaEnabled ? 'MAIL_APP_PASSWORD_NEEDED' : (await isEnrolmentOverdue({ actor, account })) ? 'MAIL_TWO_FACTOR_OVERDUE' : null;
    if (!refusal) {
      await recordSuccess(keys);
      return { result: 'accept', userId: account.id, via: 'account_password' };
    }
    await forgetAttempt(keys);
    await noteAccountPasswordRefusal({ actor, user: account, reason: refusal });
    return { result: 'refuse', reason: refusal };
  }
  await recordFailure(keys);
  await recordAuditEvent(prisma, { type: 'mail_login.failed', actor, subjectId: account?.id ?? null, detail: { protocol } });
  return { result: 'refuse', reason: 'INVALID_CREDENTIALS' };
}

/**
 * Whether the requirement can refuse this mailbox: it has no second factor, some layer requires
 * one, and no enrolment period is still running (one is never renewed). Only then is
 * enrolmentRequirement asked, so the other mailboxes' app-password logins stay at two statements.
 */
function mayBeEnrolmentOverdue(account: MailAccount, now = new Date()): boolean {
  if (account.isMfaEnabled || !account.mayRequireTwoFactor) return false;
  return !(account.enrolmentDeadline && account.enrolmentDeadline > now);
}

/**
 * Whether the mailbox has no second factor, must have one, and its enrolment period is over, for a
 * mail client that proved a password of the mailbox. enrolmentRequirement decides, as at the web
 * sign-in, and starts the period at the first such login under the requirement, a mail login
 * included (otherwise a mailbox used only from mail apps would never reach its deadline).
 */
async function isEnrolmentOverdue({ actor, account, now = new Date() }: { actor: Actor; account: MailAccount; now?: Date }): Promise<boolean> {
  if (!mayBeEnrolmentOverdue(account, now)) return false;
  const requirement = await enrolmentRequirement({ actor, userId: account.id, now });
  return requirement.isRequired && requirement.isOverdue;
}
