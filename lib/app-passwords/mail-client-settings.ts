import { getEnv } from '@/lib/config/env';

export type MailServerSetting = { protocol: 'IMAP' | 'POP3' | 'SMTP'; host: string; port: number; security: 'SSL/TLS' | 'STARTTLS' };

// Ports whose connections start with TLS (RFC 8314); the others upgrade with STARTTLS.
const IMPLICIT_TLS_PORTS = new Set([993, 995, 465]);

/**
 * What a mail client needs besides the user name and the app password, from configuration:
 * GATEHOUSE_MAIL_IMAP_SERVER, GATEHOUSE_MAIL_POP3_SERVER and GATEHOUSE_MAIL_SUBMISSION_SERVER as
 * host:port, each defaulting to GATEHOUSE_URL's host name on the standard port (993, 995, 587).
 */
export function mailClientSettings(): MailServerSetting[] {
  const env = getEnv();
  const defaultHost = new URL(env.GATEHOUSE_URL).hostname;
  const server = (protocol: MailServerSetting['protocol'], configured: string | undefined, defaultPort: number): MailServerSetting => {
    const match = /^(.+?)(?::(\d{1,5}))?$/.exec(configured?.trim() ?? '');
    const host = match?.[1] ?? defaultHost;
    const port = match?.[2] ? Number(match[2]) : defaultPort;
    return { protocol, host, port, security: IMPLICIT_TLS_PORTS.has(port) ? 'SSL/TLS' : 'STARTTLS' };
  };
  return [
    server('IMAP', env.GATEHOUSE_MAIL_IMAP_SERVER, 993),
    server('POP3', env.GATEHOUSE_MAIL_POP3_SERVER, 995),
    server('SMTP', env.GATEHOUSE_MAIL_SUBMISSION_SERVER, 587),
  ];
}
