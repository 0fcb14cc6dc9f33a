import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// An alphanumeric sender ID (1–11 letters, digits and spaces, at least one letter), as carriers
// accept them, or an E.164 number.
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const E164_NUMBER = /^\+[1-9]\d{6,14}$/;

// Countries whose carriers refuse (or silently drop) texts from an alphanumeric sender ID, so a
// brand's ID would never arrive there: the platform's number is used instead. Short on purpose,
// from Twilio's per-country guidelines; a country missing here that refuses IDs is added here.
const REFUSES_ALPHANUMERIC_SENDER = new Set([
  'US', // United States
  'CA', // Canada
  'PR', // Puerto Rico
  'GU', // Guam
  'CN', // China
  'AR', // Argentina
  'BR', // Brazil
  'CL', // Chile
  'CO', // Colombia
  'CR', // Costa Rica
  'DO', // Dominican Republic
  'EC', // Ecuador
  'MX', // Mexico
  'UY', // Uruguay
  'VE', // Venezuela
]);

/** Whether a brand may set this as its SMS sender: an alphanumeric sender ID or an E.164 number. */
export function isSmsSender(sender: string): boolean {
  return ALPHANUMERIC_SENDER.test(sender) || E164_NUMBER.test(sender);
}

/**
 * The sender a text to `to` goes out from: the brand's own where the destination's country accepts
 * it (a number everywhere, an alphanumeric ID outside the countries that refuse one), else null,
 * meaning the platform's own sender.
 */
export function chooseSmsSender({ brandSender, to }: { brandSender: string | null; to: string }): string | null {
  if (!brandSender || !isSmsSender(brandSender)) return null;
  if (E164_NUMBER.test(brandSender)) return brandSender;
  const country = parsePhoneNumberFromString(to)?.country;
  return country && !REFUSES_ALPHANUMERIC_SENDER.has(country) ? brandSender : null;
}
