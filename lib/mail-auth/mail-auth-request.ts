import { isIP } from 'node:net';
import { z } from 'zod';
import { MAIL_SERVICES, type MailService } from './mail-protocol';

/**
 * Where Dovecot asks (docs/dovecot/). The Next route app/api/mail-auth/route.ts lives here, and
 * scripts/start.ts's server answers POST requests to it before Next does (serve-mail-auth.ts).
 */
export const MAIL_AUTH_PATH = '/api/mail-auth';

/** Dovecot's request body is a few hundred bytes; anything over this is refused unread. */
export const MAIL_AUTH_MAX_BODY_BYTES = 4096;

/**
 * What Dovecot's Lua passdb sends (docs/dovecot/gatehouse-passdb.lua): the user as typed, the
 * password, its service name and the mail client's address (%{rip}; empty for a local socket).
 */
export const ZMailAuthRequestSchema = z.object({
  username: z.string().min(1).max(254),
  password: z.string().min(1).max(1024),
  service: z.enum(Object.keys(MAIL_SERVICES) as [MailService, ...MailService[]]),
  clientIp: z
    .string()
    .max(64)
    .refine((ip) => ip === '' || isIP(ip) !== 0, 'Not an IP address.')
    .transform((ip) => ip || 'unknown'),
});
export type TMailAuthRequest = z.output<typeof ZMailAuthRequestSchema>;
