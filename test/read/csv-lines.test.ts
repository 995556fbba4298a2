import { describe, expect, test } from 'vitest';
import { CsvLineScanner, LINE_BAD_QUOTE } from '../../src/read/csv-lines.js';
import { LINE_BAD_UTF8 } from '../../src/read/lines.js';
import { csvField, splitCsvLine } from '../../src/read/csv-fields.js';
import { readLines } from '../../src/read/rows.js';

/** Scans `chunks` and returns each line's fields (cut at the reported comma offsets) and flags. */
function scan(chunks: Buffer[]): { line: number; fields: string[]; flags: number }[] {
  const out: { line: number; fields: string[]; flags: number }[] = [];
  const s = new CsvLineScanner({
    line(buf, start, end, commas, n, line, flags) {
      const fields: string[] = [];
      let from = start;
      for (let i = 0; i < n; i++) {
        fields.push(buf.toString('utf8', from, commas[i]));
        from = (commas[i] as number) + 1;
      }
      fields.push(buf.toString('utf8', from, end));
      out.push({ line, fields, flags });
    },
    overlong() {},
  });
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

const split = (b: Buffer, n: number) => Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.subarray(i * n, (i + 1) * n));

describe('CsvLineScanner', () => {
  const text = Buffer.from('address,occurred_on\r\n"a,b@x.com",2025\nplain,"say ""hi"", ok"\na"b,c\n\t,x\nlast,line');
  test.each([1, 2, 5, 64])('splits at commas outside quotes whatever the chunk size (%i)', (n) => {
    expect(scan(split(text, n))).toEqual([
      { line: 1, fields: ['address', 'occurred_on'], flags: 0 },
      // A quoted field may hold commas; its offsets include the quotes (the validator strips the outer pair).
      { line: 2, fields: ['"a,b@x.com"', '2025'], flags: 0 },
      // Doubled quotes stay doubled.
      { line: 3, fields: ['plain', '"say ""hi"", ok"'], flags: 0 },
      // A quote inside an unquoted field is an ordinary character.
      { line: 4, fields: ['a"b', 'c'], flags: 0 },
      // A tab is data in a CSV file.
      { line: 5, fields: ['\t', 'x'], flags: 0 },
      { line: 6, fields: ['last', 'line'], flags: 0 },
    ]);
  });

  test('a line that ends inside quotes is flagged; the next line starts afresh', () => {
    const lines = scan([Buffer.from('a,"open\nb,c\n')]);
    expect(lines.map((l) => [l.line, l.flags])).toEqual([[1, LINE_BAD_QUOTE], [2, 0]]);
  });

  test('keeps the flags and counters of the line scanner', () => {
    const s = new CsvLineScanner({ line() {}, overlong() {} });
    s.push(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xff, 0x0a]));
    s.end();
    expect([s.bomSeen, s.lines, s.bytes]).toEqual([true, 2, 7]);
    expect(scan([Buffer.from([0x61, 0x2c, 0xff, 0x0a])])[0]?.flags).toBe(LINE_BAD_UTF8);
  });
});

describe('splitCsvLine and csvField (text)', () => {
  test('splits where CsvLineScanner splits, with the values unquoted', () => {
    const line = 'plain,"a,b@x.com","say ""hi"", ok",a"b,,"" ';
    expect(splitCsvLine(line)).toEqual(['plain', 'a,b@x.com', 'say "hi", ok', 'a"b', '', ' ']);
    // The same line through the byte scanner: the same fields, still quoted there.
    expect(scan([Buffer.from(`${line}\n`)])[0]!.fields.length).toBe(6);
  });

  test('csvField writes back what splitCsvLine reads', () => {
    const values = ['x', 'a,b', 'say "hi"', 'two\nlines', ''];
    expect(splitCsvLine(values.map(csvField).join(','))).toEqual(values);
  });

  test('readLines with csv gives the unquoted values of each line', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { gzipSync } = await import('node:zlib');
    const dir = mkdtempSync(join(tmpdir(), 'intake-csv-'));
    try {
      const path = join(dir, 'u.csv.gz');
      writeFileSync(path, gzipSync('address,occurred_on\n"a,b@x.com",2025-01-01\n'));
      const rows = [];
      for await (const r of readLines(path, { csv: true })) rows.push(r);
      expect(rows).toEqual([{ line: 1, fields: ['address', 'occurred_on'] }, { line: 2, fields: ['a,b@x.com', '2025-01-01'] }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
