import type { AppErrorCode } from '@/lib/errors/app-error';
import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

const PERSONAL_NUMBER_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

export type ParsedPhoneNumber = { number: string; countryCode: string };
/** Why a number was refused, as a code of the error table, which holds the sentence that says so. */
export type PhoneNumberProblem = { problem: AppErrorCode & `PHONE_${string}` };

/**
 * A number as people type it ("(415) 555-0132", "07700 900123", "+44 7700 900123") in the country
 * they picked, normalised to E.164. Uses libphonenumber's full metadata, so a number that has the
 * right length but cannot exist in that country is refused too, with a sentence that says why.
 */
export function parsePhoneNumber({ input, country }: { input: string; country: string }): ParsedPhoneNumber | PhoneNumberProblem {
  const text = input.trim();
  if (!text) return { problem: 'PHONE_EMPTY' };
  if (text.length > 40 || !/^[+\d\s().-]+$/.test(text)) {
    return { problem: 'PHONE_CHARACTERS' };
  }
  const defaultCountry = country.toUpperCase() as CountryCode;
  const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
  if (lengthProblem === 'TOO_SHORT') return { problem: 'PHONE_TOO_SHORT' };
  if (lengthProblem === 'TOO_LONG') return { problem: 'PHONE_TOO_LONG' };
  if (lengthProblem === 'INVALID_COUNTRY') return { problem: 'PHONE_COUNTRY_UNKNOWN' };
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || lengthProblem === 'NOT_A_NUMBER' || lengthProblem === 'INVALID_LENGTH' || !parsed.isValid() || !parsed.country) {
    return { problem: 'PHONE_INVALID' };
  }
  // Only numbers a person carries or answers. Premium-rate, shared-cost, personal, pager, UAN,
  // voicemail and toll-free numbers are the toll-fraud classics: a call or text to them earns
  // their owner money on our bill.
  const type = parsed.getType();
  if (type === undefined || !PERSONAL_NUMBER_TYPES.has(type)) {
    return { problem: 'PHONE_NOT_PERSONAL' };
  }
  return { number: parsed.number, countryCode: parsed.country };
}

export function isPhoneNumberProblem(result: ParsedPhoneNumber | PhoneNumberProblem): result is PhoneNumberProblem {
  return 'problem' in result;
}
