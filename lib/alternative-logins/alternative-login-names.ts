import type { AlternativeLoginKind } from '@/lib/db/generated/enums';

/** How the page, the audit log and the e-mails name an alternative login, in one place. */
export function nameAlternativeLogin({ kind, hasPrefix }: { kind: AlternativeLoginKind; hasPrefix: boolean }): string {
  if (kind === 'SMS_PASSWORD') return 'an SMS password';
  return hasPrefix ? 'a list of one-time passwords with a memorised prefix' : 'a list of one-time passwords without a prefix';
}
