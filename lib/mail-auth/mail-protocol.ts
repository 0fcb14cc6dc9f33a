import type { MailProtocol } from '@/lib/db/generated/enums';

/**
 * The service names Dovecot's passdb is asked under (its %{service}), for the protocols Gatehouse
 * decides, and how they are stored. `smtp` is what Postfix's Dovecot SASL client sends for SMTP
 * AUTH on its submission ports (docs/dovecot/postfix-submission.cf): the same protocol as
 * Dovecot's own submission service, so it is stored as SUBMISSION.
 */
export const MAIL_SERVICES = { imap: 'IMAP', pop3: 'POP3', submission: 'SUBMISSION', smtp: 'SUBMISSION' } as const satisfies Record<string, MailProtocol>;
export type MailService = keyof typeof MAIL_SERVICES;

/** What people read: "IMAP", "POP3", "SMTP submission". */
export const MAIL_PROTOCOL_NAMES: Record<MailProtocol, string> = { IMAP: 'IMAP', POP3: 'POP3', SUBMISSION: 'SMTP submission' };
