/** One search parameter as a string ('' when absent or repeated: a forged URL, not a person's choice). */
export function oneParam(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** The page number asked for; anything but a positive whole number is the first page. */
export function pageParam(value: string | string[] | undefined): number {
  const page = Number(oneParam(value));
  return Number.isSafeInteger(page) && page > 0 ? page : 1;
}

/** A query string of the non-empty values, for links that keep the list's filter. */
export function queryString(values: Record<string, string | number>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    // The first page is the list's own address.
    if (value === '' || (key === 'page' && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
