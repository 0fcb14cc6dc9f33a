import type { FloorKey } from './policy-settings';

/** The Platform settings form's "Brands may loosen this" box of one security switch. */
export function brandsMayLoosenField(key: FloorKey): string {
  return `${key}-brands-may-loosen`;
}
