const names = new Intl.DisplayNames(['en'], { type: 'region' });

/** The English name of an ISO 3166-1 alpha-2 code ("Germany"), or the code when it has none. */
export function regionName(code: string): string {
  return names.of(code) ?? code;
}

/** "Germany (DE)": the name with the code, as notices and lists show a country. */
export function countryName(code: string): string {
  const name = regionName(code);
  return name !== code ? `${name} (${code})` : code;
}
