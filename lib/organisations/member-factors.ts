import { enrolledMethods, type FactorRegistry, isTwoFactorOn, type MfaState, SECOND_FACTOR_KINDS } from '@/lib/core/factor-kinds';
import { AppError } from '@/lib/errors/app-error';

// The kinds whose codes come by text or call: the ones a family or business account may switch off
// (allowSmsLogins) or stop paying for (an empty pool). Read from the registry, so a new phone kind counts.
const isPhoneCodeKind = (kind: FactorRegistry[number]) => kind.channel === 'SMS' || kind.channel === 'VOICE';
const KINDS: FactorRegistry = SECOND_FACTOR_KINDS;
const PHONE_CODE_KINDS = KINDS.filter(isPhoneCodeKind);
const OTHER_KINDS = KINDS.filter((kind) => !isPhoneCodeKind(kind));

/**
 * Joining or founding an organisation puts a mailbox's text and call codes under its rules: a
 * mailbox whose only second factors are phone codes would be locked out, so it is refused
 * (ORGANISATION_NEEDS_OTHER_FACTOR) until it holds another that turns two-factor on (an
 * authenticator app; backup codes alone do not). A mailbox with no second factor is not locked out
 * by joining: the roles that need one say so themselves.
 */
export function assertNotOnlyPhoneCodes(state: MfaState): void {
  const enrolled = enrolledMethods(state);
  if (isTwoFactorOn(enrolled, PHONE_CODE_KINDS) && !isTwoFactorOn(enrolled, OTHER_KINDS)) throw new AppError('ORGANISATION_NEEDS_OTHER_FACTOR');
}
