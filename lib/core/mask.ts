/** "+14155550132" -> "+141••••••32": the first 3 and last 2 digits, enough to recognise it. */
export function maskPhoneNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  if (digits.length <= 5) return `+${digits}`;
  return `+${digits.slice(0, 3)}${'•'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** "ann.smith@example.org" -> "a•••@example.org" */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 1 ? '•••' : `${address[0]}•••${address.slice(at)}`;
}
