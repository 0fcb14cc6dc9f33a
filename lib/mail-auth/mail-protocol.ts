import type { MailProtocol } from '@/lib/db/generated/enums';

/** Dovecot's service names (its %{service}) for the protocols Gatehouse decides, and how they are stored. */
export const MAIL_SERVICES = { imap: 'IMAP', pop3: 'POP3', submission: 'SUBMISSION' } as const satisfies Record<string, MailProtocol>;
export type MailService = keyof typeof MAIL_SERVICES;

/** What people read: "IMAP", "POP3", "SMTP submission". */
export const MAIL_PROTOCOL_NAMES: Record<MailProtocol, string> = { IMAP: 'IMAP', POP3: 'POP3', SUBMISSION: 'SMTP submission' };
