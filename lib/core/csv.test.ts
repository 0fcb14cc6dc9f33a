import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV cells', () => {
  it('never lets a spreadsheet read a text cell as a formula', () => {
    for (const text of ['=HYPERLINK("http://evil.example")', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      const cell = csvCell(text);
      expect(cell.startsWith(`"'`), cell).toBe(true);
    }
    // A number is a number, negative ones included.
    expect(csvCell(-3)).toBe('-3');
  });

  it('quotes separators, quotes and line ends, and ends rows with CRLF', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [['x\ny', 1]])).toBe('a,b\r\n"x\ny",1\r\n');
  });
});
