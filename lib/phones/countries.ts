import { regionName } from '@/lib/geo/country-name';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';

export type Country = { code: string; name: string; dialCode: string };


/** Every country libphonenumber knows, by English name, for the country picker. */
export const COUNTRIES: Country[] = getCountries()
  .map((code) => ({ code, name: regionName(code), dialCode: `+${getCountryCallingCode(code)}` }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

/**
 * The user's likely country from the browser's Accept-Language ("en-GB,en;q=0.9" -> GB), or null.
 * Only a hint for the order of the picker; the user always chooses.
 */
export function likelyCountry(acceptLanguage: string | null): string | null {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const region = part.split(';')[0]?.trim().split('-')[1]?.toUpperCase();
    if (region && COUNTRIES.some((country) => country.code === region)) return region;
  }
  return null;
}

/**
 * The picker's options: only countries Gatehouse texts and calls (so nobody picks one only to be
 * refused), the likely one first if it is among them. The server checks again whatever is posted.
 */
export function countriesForPicker({ acceptLanguage, allowed }: { acceptLanguage: string | null; allowed: ReadonlySet<string> }): {
  likely: Country | null;
  all: Country[];
} {
  const all = COUNTRIES.filter((country) => allowed.has(country.code));
  const code = likelyCountry(acceptLanguage);
  return { likely: all.find((country) => country.code === code) ?? null, all };
}
