import { describe, expect, it } from 'vitest';
import { findFileType, findStandard } from '../../src/spec/registry.js';
import { DEFAULT_PROFILE } from '../../src/spec/profile.js';
import { codeIndex } from '../../src/validate/collector.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { compileColumns } from '../../src/validate/columns.js';
import { dayNumber, formatDay, parseDate } from '../../src/validate/bytes.js';
import { compileLineReader, compileRowReader, RepeatState, REPEAT_NOT_KNOWN, REPEAT_SAME } from '../../src/validate/row-reader.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('parseDate (table-driven)', () => {
  it('reads back every day of 1800–2199 that formatDay writes', () => {
    const first = dayNumber(1800, 1, 1);
    const last = dayNumber(2199, 12, 31);
    for (let d = first; d <= last; d++) {
      const b = bytes(formatDay(d));
      if (parseDate(b, 0, 8) !== d) throw new Error(`${formatDay(d)}: ${parseDate(b, 0, 8)} ≠ ${d}`);
    }
  });

  it('refuses dates that are not on the calendar or not 8 digits', () => {
    for (const s of ['20230229', '20240230', '21000229', '20231301', '20230001', '20230100', '20230132', '17991231', '22000101', '2023011', '202301011', '2023-1-01', '2023010a', '/0230101', ':0230101'])
      expect(parseDate(bytes(s), 0, s.length), s).toBe(-1);
    expect(parseDate(bytes('20240229'), 0, 8)).toBe(dayNumber(2024, 2, 29));
    expect(parseDate(bytes('20000229'), 0, 8)).toBe(dayNumber(2000, 2, 29));
  });
});

describe('compileRowReader', () => {
  const standard = findStandard('legacy-billing')!;
  const usage = findFileType(standard, 'usage')!;
  const readers = compileColumns(usage, DEFAULT_PROFILE, standard.id);
  const col = (n: string) => usage.columns.findIndex((c) => c.name === n);
  const severity = CATALOGUE.map((d) => d.severity);
  const codes = { required: codeIndex('FIELD_REQUIRED'), nullToken: codeIndex('FIELD_NULL_TOKEN'), badDate: codeIndex('FIELD_BAD_DATE') };

  /** Runs one line through a reader built for `header` (the file's column order). */
  function run(header: string[], line: string, csv = false) {
    const n = readers.length;
    const positions = new Int32Array(n).map((_, c) => header.indexOf(usage.columns[c]!.name));
    const reported: Array<[string, string]> = [];
    const read = compileRowReader(readers, positions, header.length, csv, codes, severity, (code, c) => reported.push([CATALOGUE[code]!.code, usage.columns[c]!.name]));
    const buf = bytes(line);
    const tabs = new Int32Array(64);
    let k = 0;
    for (let i = 0; i < buf.length; i++) if (buf[i] === (csv ? 44 : 9)) tabs[k++] = i;
    const fs = new Int32Array(n);
    const fe = new Int32Array(n);
    const vals = new Float64Array(n);
    const ok = new Uint8Array(n);
    read(buf, 0, buf.length, tabs, fs, fe, vals, ok, 0);
    const text = (c: number) => (fs[c]! < 0 ? null : buf.toString('utf8', fs[c], fe[c]));
    return { reported, vals, ok, text };
  }

  it('finds each column at its header position, in any order, and reads its value', () => {
    const header = ['date_to', 'usage_value', 'service_point_id', 'duration', 'is_estimate', 'usage_charge'];
    const r = run(header, '20230201\t1062.17\tSP-9\t31\tE\t145.52');
    expect(r.reported).toEqual([]);
    expect(r.text(col('service_point_id'))).toBe('SP-9');
    expect(r.vals[col('date_to')]).toBe(dayNumber(2023, 2, 1));
    expect(r.vals[col('usage_value')]).toBeCloseTo(1062.17);
    expect(r.vals[col('duration')]).toBe(31);
    expect(r.vals[col('is_estimate')]).toBe(1); // A, E, U
    expect([...r.ok]).toEqual(new Array(readers.length).fill(1));
  });

  it('marks a column the file lacks with -1 and leaves it unread', () => {
    const r = run(['service_point_id', 'usage_value', 'date_to', 'duration', 'is_estimate'], 'SP-9\t5\t20230201\t31\tA');
    expect(r.text(col('usage_charge'))).toBeNull();
    expect(r.ok[col('usage_charge')]).toBe(0);
    expect(Number.isNaN(r.vals[col('usage_charge')])).toBe(true);
  });

  it('reports required, null-like, bad and warning fields with their columns; a warning still counts as read', () => {
    const header = ['service_point_id', 'usage_value', 'date_to', 'duration', 'is_estimate', 'usage_charge'];
    const r = run(header, '\t0\t20230231\tN/A\tX\t-3.5');
    expect(r.reported).toEqual([
      ['FIELD_REQUIRED', 'service_point_id'],
      ['USAGE_ZERO', 'usage_value'],
      ['FIELD_BAD_DATE', 'date_to'],
      ['FIELD_NULL_TOKEN', 'duration'],
      ['FIELD_BAD_NUMBER', 'duration'],
      ['FIELD_BAD_ENUM', 'is_estimate'],
      ['USAGE_NEGATIVE_CHARGE', 'usage_charge'],
    ]);
    expect(r.ok[col('usage_value')]).toBe(1); // zero usage is a warning
    expect(r.ok[col('date_to')]).toBe(0);
    expect(r.ok[col('usage_charge')]).toBe(1);
  });

  it('takes the value of a quoted CSV field between its quotes', () => {
    const header = ['service_point_id', 'usage_value', 'date_to', 'duration', 'is_estimate', 'usage_charge'];
    const r = run(header, '"SP-1","12",20230201,30,A,', true);
    expect(r.text(col('service_point_id'))).toBe('SP-1');
    expect(r.text(col('usage_value'))).toBe('12');
    expect(r.vals[col('usage_value')]).toBe(12);
  });

  it('refuses a header mapping outside the row', () => {
    const positions = new Int32Array(readers.length).fill(7);
    expect(() => compileRowReader(readers, positions, 6, false, codes, severity, () => {})).toThrow(RangeError);
  });
});

/**
 * The fast lane against the general path, line by line: it must take exactly the lines the general path reads
 * without a word (right field count, no control character, every field OK), and read them to the same offsets,
 * values and flags. Lines are drawn from per-column lists of good and bad values, with a seeded generator.
 */
describe('compileLineReader (fast lane) against compileRowReader', () => {
  const severity = CATALOGUE.map((d) => d.severity);
  const codes = { required: codeIndex('FIELD_REQUIRED'), nullToken: codeIndex('FIELD_NULL_TOKEN'), badDate: codeIndex('FIELD_BAD_DATE') };
  const numbers = ['12.5', '7', '0', '-0', '+0', '1', '.5', '5.', '-3.25', '+7', '1e5', '1,000', '', ' 1', '1 ', '--1', '1.2.3', '0.1234567890123456', '123456789012345678', '999999999', '1000000000', 'N/A', 'NULL', '-', '+', '.', 'abc', '١'];
  const dates = ['20230101', '20240229', '20230229', '2023010', '202301011', '', '2023-01-01', 'NULL', '20231301', '18000101', '21991231'];
  const times = ['0000', '0015', '2345', '2400', '0060', '015', '00150', '', '12:00', 'NULL', '9999'];
  const offsets = ['-04:00', '+00:00', '-00:00', '+14:00', '+15:00', '-04:60', '-0400', '04:00', '', 'NULL', '-4:00'];
  const texts = ['SP-1', '3000000000', 'x', '', 'NULL', 'null', 'N/A', '\\N', 'a b', 'é', 'NaN'];
  const values: Record<string, string[]> = {
    decimal: numbers, integer: ['30', '31', ...numbers], date: dates, time: times, 'utc-offset': offsets,
    zip: ['23210', '23210-1234', '232101234', '2321', 'ABCDE', '', 'NULL'],
    state: ['VA', 'TX', 'va', 'XX', '', 'NULL'],
    email: ['ann@example.com', 'b.c@d.org', 'no-at', 'a@@b.c', '', 'NULL'],
    phone: ['(804) 555-1000', '8045551000', '555-1000', 'x', '', 'NULL'],
    language: ['en', 'es', 'EN', 'eng', '', 'NULL'],
    identifier: ['A-1', 'B_2.x', 'a b', 'é', '', 'NULL'],
    datetime: ['20230101 1200', '20230101 2400', '20230101', '', 'NULL'],
    'iso-datetime': ['2023-01-01T12:00:00Z', '2023-01-01', '2023-01-01 12:00-05:00', '2023-13-01', '', 'NULL'],
    currency: ['USD', 'EUR', 'usd', 'XYZ', '', 'NULL'],
  };
  let seed = 42;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };

  for (const [standardId, fileTypeId] of [['legacy-billing', 'usage'], ['interval', 'interval'], ['legacy-billing', 'customer'], ['billing', 'bill']] as const) {
    it(`${standardId}/${fileTypeId}: takes exactly the clean lines and reads them alike`, () => {
      const standard = findStandard(standardId)!;
      const ft = findFileType(standard, fileTypeId) ?? standard.fileTypes[0]!;
      const readers = compileColumns(ft, DEFAULT_PROFILE, standard.id);
      const n = readers.length;
      // The file's columns in another order than the spec's, one spec column missing, one unknown column.
      const header = ft.columns.map((c) => c.name).filter((_, i) => i !== n - 1);
      header.reverse();
      header.splice(1, 0, 'not_a_column');
      const positions = new Int32Array(n).map((_, c) => header.indexOf(ft.columns[c]!.name));
      const pool = (c: number): string[] => {
        const col = ft.columns[c]!;
        if (col.allowed) return [...col.allowed, col.allowed[0]!.toLowerCase(), '', 'NULL', `${col.allowed[0]} `, `${col.allowed[0]}X`, col.allowed[0]!.slice(0, -1), `${col.allowed.at(-1)}\r`];
        return values[col.type] ?? texts;
      };
      let taken = 0;
      let slowed = 0;
      for (let k = 0; k < 3000; k++) {
        const fields = header.map((name) => {
          const c = ft.columns.findIndex((x) => x.name === name);
          const p = c >= 0 ? pool(c) : texts;
          // Mostly the first (good) values, so that many whole lines are clean.
          return p[rand(header.length) === 0 ? rand(p.length) : rand(Math.min(2, p.length))]!;
        });
        let text = fields.join('\t');
        const shape = rand(20);
        if (shape === 0) text += '\tEXTRA';
        else if (shape === 1) text = fields.slice(0, -1).join('\t');
        else if (shape === 2) text = text.replace('\t', '\u0000\t');
        else if (shape === 3) text = '';
        const eol = rand(8) === 0 ? '\r\n' : '\n';
        const buf = Buffer.from(`${text}${eol}`, 'utf8');

        // The general path: tabs, then the row reader with its reports.
        const reported: number[] = [];
        const general = compileRowReader(readers, positions, header.length, false, codes, severity, (code) => reported.push(code));
        const end = buf.length - eol.length;
        const tabs = new Int32Array(64);
        let nTabs = 0;
        let control = false;
        for (let i = 0; i < end; i++) {
          if (buf[i] === 9) tabs[nTabs++] = i;
          else if (buf[i]! < 32) control = true;
        }
        const g = { fs: new Int32Array(n), fe: new Int32Array(n), vals: new Float64Array(n), ok: new Uint8Array(n) };
        const wellFormed = nTabs + 1 === header.length && !control && end > 0;
        if (wellFormed) general(buf, 0, end, tabs, g.fs, g.fe, g.vals, g.ok, 0);
        const clean = wellFormed && reported.length === 0;

        // Both fast lanes (for valid UTF-8 blocks, and the ASCII-only one for blocks that are not), writing at
        // base n (the second row slot).
        const ascii = buf.every((x) => x < 128);
        for (const asciiOnly of [false, true]) {
          const arrays = { fs: new Int32Array(2 * n), fe: new Int32Array(2 * n), vals: new Float64Array(2 * n), ok: new Uint8Array(2 * n), base: Int32Array.of(n) };
          let doneAt = -1;
          let slowAt = -1;
          const fast = compileLineReader(readers, positions, header.length, 1 << 20, arrays, (_b, from, line) => {
            slowAt = line;
            return buf.indexOf(10, from) + 1;
          }, (_b, line, b) => {
            doneAt = line;
            expect(b).toBe(n);
          }, asciiOnly);
          const last = fast(buf, 0, buf.length, 6);
          expect(last).toBe(7);
          const what = `${JSON.stringify(text)}${asciiOnly ? ' (ASCII lane)' : ''}`;
          if (clean && (ascii || !asciiOnly)) {
            expect(doneAt, what).toBe(7);
            expect(slowAt, what).toBe(-1);
            for (let c = 0; c < n; c++) {
              expect(arrays.fs[n + c], `${what} fs ${c}`).toBe(g.fs[c]);
              expect(arrays.fe[n + c], `${what} fe ${c}`).toBe(g.fe[c]);
              expect(arrays.ok[n + c], `${what} ok ${c}`).toBe(g.ok[c]);
              expect(Object.is(arrays.vals[n + c], g.vals[c]), `${what} value of ${ft.columns[c]!.name}: ${arrays.vals[n + c]} vs ${g.vals[c]}`).toBe(true);
            }
            if (!asciiOnly) taken++;
          } else {
            expect(slowAt, what).toBe(7);
            expect(doneAt, what).toBe(-1);
            if (!asciiOnly) slowed++;
          }
        }
      }
      // Both paths were exercised.
      expect(taken).toBeGreaterThan(100);
      expect(slowed).toBeGreaterThan(100);
    });
  }
});

/**
 * Repeat columns (RepeatState): the fast lane marks a field REPEAT_SAME exactly when the line just before was a
 * clean row of the fast lane with the same bytes in that field — whichever lane (or slot) read it — and never
 * across a line it handed to the general path.
 */
describe('compileLineReader: repeat columns', () => {
  const standard = findStandard('legacy-billing')!;
  const usage = findFileType(standard, 'usage')!;
  const readers = compileColumns(usage, DEFAULT_PROFILE, standard.id);
  const n = readers.length;
  const header = ['service_point_id', 'usage_value', 'date_to', 'duration', 'is_estimate', 'usage_charge'];
  const positions = new Int32Array(n).map((_, c) => header.indexOf(usage.columns[c]!.name));
  const sp = usage.columns.findIndex((c) => c.name === 'service_point_id');
  const duration = usage.columns.findIndex((c) => c.name === 'duration');
  const row = (spId: string, dur = '31', value = '5') => `${spId}\t${value}\t20230201\t${dur}\tA\t`;

  /** Reads the lines with `lanes` lanes sharing one state, line k by lane k % lanes; the marks per clean line. */
  function marks(lines: string[], lanes = 1, asciiOnly = false) {
    const repeat = new RepeatState([sp, duration]);
    const seen = new Map<number, [number, number]>();
    const readersOf = Array.from({ length: lanes }, () => {
      const arrays = { fs: new Int32Array(2 * n), fe: new Int32Array(2 * n), vals: new Float64Array(2 * n), ok: new Uint8Array(2 * n), base: Int32Array.of(0), same: new Uint8Array(2 * n) };
      return compileLineReader(readers, positions, header.length, 1 << 20, arrays, (buf, from) => buf.indexOf(10, from) + 1, (_b, line, b) => {
        seen.set(line, [arrays.same[b + sp]!, arrays.same[b + duration]!]);
      }, asciiOnly, repeat);
    });
    lines.forEach((text, k) => {
      const buf = bytes(`${text}\n`);
      readersOf[k % lanes]!(buf, 0, buf.length, k);
    });
    return lines.map((_, k) => seen.get(k + 1) ?? null);
  }

  const S = REPEAT_SAME;
  const N = REPEAT_NOT_KNOWN;

  it('marks a field the same as the line before only after a clean row with the same bytes', () => {
    const lines = [row('SP1'), row('SP1'), row('SP1', '30'), row('SP12'), row('SP1'), row('SP1', 'x'), row('SP1'), row('SP1'), '', row('SP1'), row('SP10'), row('SP1')];
    const expected = [[N, N], [S, S], [S, N], [N, N], [N, S], null, [N, N], [S, S], null, [N, N], [N, S], [N, S]];
    expect(marks(lines)).toEqual(expected);
    // Lanes taking turns (the reader thread's slots) share what the line before was.
    expect(marks(lines, 3)).toEqual(expected);
    expect(marks(lines, 2, true)).toEqual(expected);
  });

  it('does not remember keys longer than it keeps; a line for the general path in between breaks the run', () => {
    const long = 'S'.repeat(300);
    expect(marks([row(long), row(long), row(`${long}1`)]).map((m) => m?.[0])).toEqual([N, N, N]);
    expect(marks([row('SPé'), row('SPé'), row('SPé')], 1, true)).toEqual([null, null, null]);
    expect(marks([row('SP1'), row('SPé'), row('SP1')], 1, true)).toEqual([[N, N], null, [N, N]]);
    expect(marks([row('SP1'), row('SP1\u0001'), row('SP1')])).toEqual([[N, N], null, [N, N]]);
  });
});
