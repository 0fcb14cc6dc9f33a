import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './format';

describe('formatDateTime and formatDate', () => {
  it('write a moment in UTC, day first, whatever the server zone', () => {
    const moment = new Date('2026-12-07T23:45:00Z');
    expect(formatDateTime(moment)).toBe('7 Dec 2026, 23:45');
    expect(formatDate(moment)).toBe('7 Dec 2026');
  });
});
