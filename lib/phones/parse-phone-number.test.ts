import { APP_ERRORS } from '@/lib/errors/app-error';
import { describe, expect, it } from 'vitest';
import { countriesForPicker, likelyCountry } from './countries';
import { maskPhoneNumber } from '@/lib/core/mask';
import { isPhoneNumberProblem, parsePhoneNumber } from './parse-phone-number';

describe('parsePhoneNumber', () => {
  const valid: Array<[string, string, string, string]> = [
    ['US', '(415) 555-0132', '+14155550132', 'US'],
    ['US', '415.555.0132', '+14155550132', 'US'],
    ['GB', '07400 123456', '+447400123456', 'GB'],
    ['GB', '+44 7400 123456', '+447400123456', 'GB'],
    ['DE', '01512 3456789', '+4915123456789', 'DE'],
    ['FR', '06 12 34 56 78', '+33612345678', 'FR'],
    ['IN', '98765 43210', '+919876543210', 'IN'],
    ['AU', '0412 345 678', '+61412345678', 'AU'],
    ['JP', '090-1234-5678', '+819012345678', 'JP'],
    // A number typed with its own country code wins over the picked country.
    ['US', '+33 6 12 34 56 78', '+33612345678', 'FR'],
  ];
  for (const [country, input, number, countryCode] of valid) {
    it(`reads ${input} (${country}) as ${number}`, () => {
      expect(parsePhoneNumber({ input, country })).toEqual({ number, countryCode });
    });
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['US', '', /Enter a phone number/],
    ['US', '415', /too short/],
    ['US', '415 555 0132 1234 5678', /too long/],
    ['US', '555-CALL-NOW', /only digits/],
    ['US', '(000) 000-0000', /not a valid phone number/],
    ['GB', '01234', /too short|not a valid/],
    ['DE', '+49 1', /too short/],
    ['US', '1'.repeat(100), /only digits|too long/],
    ['XX', '4155550132', /Pick the country/],
    // Valid numbers, but service numbers that bill the caller: never a backup phone.
    ['GB', '09098 790000', /Premium-rate/],
    ['FR', '08 99 12 34 56', /Premium-rate/],
    ['US', '(900) 555-0123', /Premium-rate/],
    ['GB', '070 1234 5678', /Premium-rate/],
    ['US', '(800) 555-0123', /Premium-rate/],
  ];
  for (const [country, input, message] of invalid) {
    it(`refuses "${input.slice(0, 30)}" (${country}) with a clear message`, () => {
      const result = parsePhoneNumber({ input, country });
      expect(isPhoneNumberProblem(result)).toBe(true);
      if (isPhoneNumberProblem(result)) expect(APP_ERRORS[result.problem].message).toMatch(message);
    });
  }
});

describe('maskPhoneNumber', () => {
  it('shows the first 3 and the last 2 digits', () => {
    expect(maskPhoneNumber('+14155550132')).toBe('+141••••••32');
    expect(maskPhoneNumber('+447400123456')).toBe('+447•••••••56');
  });
});

describe('likelyCountry', () => {
  it('takes the first region the browser names', () => {
    expect(likelyCountry('en-GB,en;q=0.9')).toBe('GB');
    expect(likelyCountry('de,de-AT;q=0.8')).toBe('AT');
    expect(likelyCountry('en')).toBeNull();
    expect(likelyCountry(null)).toBeNull();
  });
});

describe('countriesForPicker', () => {
  it('offers only the allowed countries, the likely one first when it is allowed', () => {
    const picker = countriesForPicker({ acceptLanguage: 'en-GB,en;q=0.9', allowed: new Set(['US', 'GB']) });
    expect(picker.all.map((country) => country.code).sort()).toEqual(['GB', 'US']);
    expect(picker.likely).toMatchObject({ code: 'GB', name: 'United Kingdom', dialCode: '+44' });
    expect(countriesForPicker({ acceptLanguage: 'en-NG', allowed: new Set(['US']) }).likely).toBeNull();
  });
});
