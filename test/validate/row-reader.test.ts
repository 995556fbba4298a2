import { describe, expect, it } from 'vitest';
import { findFileType, findStandard } from '../../src/spec/registry.js';
import { DEFAULT_PROFILE } from '../../src/spec/profile.js';
import { codeIndex } from '../../src/validate/collector.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { compileColumns } from '../../src/validate/columns.js';
import { dayNumber, formatDay, parseDate } from '../../src/validate/bytes.js';
import { compileRowReader } from '../../src/validate/row-reader.js';

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
    read(buf, 0, buf.length, tabs, fs, fe, vals, ok);
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
