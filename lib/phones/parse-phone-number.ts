import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

const PERSONAL_NUMBER_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

export type ParsedPhoneNumber = { number: string; countryCode: string };
export type PhoneNumberProblem = { message: string };

/**
 * A number as people type it ("(415) 555-0132", "07700 900123", "+44 7700 900123") in the country
 * they picked, normalised to E.164. Uses libphonenumber's full metadata, so a number that has the
 * right length but cannot exist in that country is refused too, with a sentence that says why.
 */
export function parsePhoneNumber({ input, country }: { input: string; country: string }): ParsedPhoneNumber | PhoneNumberProblem {
  const text = input.trim();
  if (!text) return { message: 'Enter a phone number.' };
  if (text.length > 40 || !/^[+\d\s().-]+$/.test(text)) {
    return { message: 'A phone number has only digits, spaces, brackets, dashes and a leading +.' };
  }
  const defaultCountry = country.toUpperCase() as CountryCode;
  const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
  if (lengthProblem === 'TOO_SHORT') return { message: 'That number is too short for the country you picked.' };
  if (lengthProblem === 'TOO_LONG') return { message: 'That number is too long for the country you picked.' };
  if (lengthProblem === 'INVALID_COUNTRY') return { message: 'Pick the country of the number, or start it with + and the country code.' };
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || lengthProblem === 'NOT_A_NUMBER' || lengthProblem === 'INVALID_LENGTH' || !parsed.isValid() || !parsed.country) {
    return { message: 'That is not a valid phone number for the country you picked. Check the digits.' };
  }
  // Only numbers a person carries or answers. Premium-rate, shared-cost, personal, pager, UAN,
  // voicemail and toll-free numbers are the toll-fraud classics: a call or text to them earns
  // their owner money on our bill.
  const type = parsed.getType();
  if (type === undefined || !PERSONAL_NUMBER_TYPES.has(type)) {
    return { message: 'Use a mobile or landline number. Premium-rate, toll-free and other service numbers cannot receive codes.' };
  }
  return { number: parsed.number, countryCode: parsed.country };
}

export function isPhoneNumberProblem(result: ParsedPhoneNumber | PhoneNumberProblem): result is PhoneNumberProblem {
  return 'message' in result;
}
