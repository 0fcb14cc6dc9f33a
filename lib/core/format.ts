// How every screen writes a moment: in UTC (the server's clock and the audit rows' zone; pages say
// "UTC" beside it), day, short month and year in British order, so 03/04 never reads two ways.
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** "7 Dec 2026, 14:13" (UTC). */
export function formatDateTime(moment: Date): string {
  return DATE_TIME.format(moment);
}

/** "7 Dec 2026" (UTC). */
export function formatDate(moment: Date): string {
  return DATE.format(moment);
}
