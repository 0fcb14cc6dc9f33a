import { getEnv } from '@/lib/config/env';
import type { MessageBrand } from './message-brand';

// Characters a display name may hold bare (RFC 5322 atext and spaces); anything else is quoted.
const BARE_DISPLAY_NAME = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

/** The address part of a From header ("Gatehouse <security@x>" or a bare "security@x"). */
function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1]?.trim() ?? from.trim();
}

/**
 * The From header a brand's e-mails carry: always the brand's name, at the brand's own address
 * or else the platform's (EMAIL_FROM's address). Control characters are dropped from the name, so
 * a brand name can never add a header line.
 */
export function emailFromHeader(brand: Pick<MessageBrand, 'name' | 'emailFrom'>): string {
  const name = brand.name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const address = brand.emailFrom ?? addressOf(getEnv().EMAIL_FROM);
  const displayName = BARE_DISPLAY_NAME.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`;
  return `${displayName} <${address}>`;
}

/**
 * An e-mail as the brand sends it: from the brand's sender, signed with its name. The subject is
 * the composer's (each already names the brand where it should).
 */
export function brandEmail({ brand, subject, body }: { brand: Pick<MessageBrand, 'name' | 'emailFrom'>; subject: string; body: string }): {
  from: string;
  subject: string;
  body: string;
} {
  return { from: emailFromHeader(brand), subject, body: `${body}\n\n— ${brand.name}` };
}
