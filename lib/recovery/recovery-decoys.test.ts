import { describe, expect, it } from 'vitest';
import { decoyDestinations } from './recovery-decoys';

// The decoys' shapes against what real mailboxes show: drawn over many addresses, without the database.

const ALLOWED = new Set(['US', 'CA', 'GB', 'DE', 'FR', 'NZ']);
const addresses = Array.from({ length: 2000 }, (_, index) => `someone-${index}@example.test`);

describe('recovery decoys', () => {
  it('are the same for an address every time, whatever its case', () => {
    const rules = { smsAvailable: true, allowedCountries: ALLOWED };
    expect(decoyDestinations('Someone@Example.test', rules)).toEqual(decoyDestinations('someone@example.test', rules));
  });

  it('show any letter or digit first, up to two phones, and phones only in the allowed countries', () => {
    const shown = addresses.flatMap((email) => decoyDestinations(email, { smsAvailable: true, allowedCountries: ALLOWED }));
    const firsts = new Set(shown.filter((destination) => destination.channel === 'EMAIL').map((destination) => destination.masked[0]));
    expect([...'0123456789'].some((digit) => firsts.has(digit))).toBe(true);
    expect(firsts.size).toBe(36);
    expect(shown.some((destination) => destination.key === 'phone-2')).toBe(true);
    const phones = shown.filter((destination) => destination.channel === 'SMS');
    expect(phones.every((phone) => phone.countryCode && ALLOWED.has(phone.countryCode))).toBe(true);
    expect(new Set(phones.map((phone) => phone.countryCode)).size).toBe(ALLOWED.size);
    expect(new Set(phones.map((phone) => phone.masked.slice(0, 4))).size).toBeGreaterThan(10);
  });

  it('show no phone where the brand sends no texts', () => {
    const shown = addresses.flatMap((email) => decoyDestinations(email, { smsAvailable: false, allowedCountries: ALLOWED }));
    expect(shown.filter((destination) => destination.channel !== 'EMAIL')).toEqual([]);
    expect(shown.length).toBe(addresses.length);
  });
});
