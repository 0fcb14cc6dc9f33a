/** "ann.smith@example.org" -> "a•••@example.org" */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 1 ? '•••' : `${address[0]}•••${address.slice(at)}`;
}
