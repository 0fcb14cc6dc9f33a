import { describe, expect, it } from 'vitest';
import { lookUp } from './look-up';

const NOTICES: Record<string, string> = { saved: 'Saved.' };

describe('lookUp', () => {
  it('finds an own entry', () => {
    expect(lookUp(NOTICES, 'saved')).toBe('Saved.');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'missing'])('finds nothing for %s', (key) => {
    expect(lookUp(NOTICES, key)).toBeUndefined();
  });

  it('finds nothing for a key that is not a string', () => {
    expect(lookUp(NOTICES, ['saved'])).toBeUndefined();
    expect(lookUp(NOTICES, undefined)).toBeUndefined();
  });
});
