/** One CSV cell: quoted where needed, and never read by a spreadsheet as a formula. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header line and the rows, with CRLF line ends as RFC 4180 has them. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return `${[header.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n')}\r\n`;
}
