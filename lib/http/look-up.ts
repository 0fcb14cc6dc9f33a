/**
 * The entry of a fixed table for a key that came from outside (a query string, a form, a
 * tenant's stylesheet), or undefined. Only the table's own keys count: a plain `table[key]`
 * answers `__proto__`, `constructor` or `toString` with Object's own members, which a page then
 * tries to render (a 500) or a check mistakes for an entry. A key that is not a string (a
 * repeated query parameter arrives as an array) matches nothing.
 */
export function lookUp<TValue>(table: Readonly<Record<string, TValue>>, key: unknown): TValue | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
