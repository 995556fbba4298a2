/**
 * Interval test helpers: rows by column name, the local end times of whole days in a zone (computed with Intl
 * directly, independently of src/validate/time-zone.ts) and a one-call validation of TSV text as a gzip file.
 * Reports read as [line, column, code] rows through test/helpers/report.ts (hits).
 */
import { validateDelivery, type ValidateOptions } from '../../src/validate/index.js';
import type { Report } from '../../src/report/types.js';
import { INTERVAL_COLUMNS, tempDir, tsv, writeGz } from './files.js';

export const intervalName = (minutes: number | string): string => `opwr_demo_res_2-0-5_interval${minutes}_20250101000000.gz`;

const DEFAULTS: Record<string, string> = {
  service_point_id: 'SP1', usage_value: '1.25', date: '20240115', time: '0100', units: 'KWH', is_estimate: 'A',
  UTC_offset: '', service_type: 'ELECTRIC', service_quantity_identifier: '',
};

/** One interval row; override any column by name. */
export function intervalRow(o: Record<string, string> = {}): string {
  return INTERVAL_COLUMNS.map((c) => o[c] ?? DEFAULTS[c] ?? '').join('\t');
}

export interface LocalEnd {
  readonly date: string;
  readonly time: string;
  readonly offset: string;
}

/** Every local interval end (date yyyyMMdd, time HHmm, offset ±HH:MM) of the local days from..to (yyyy-MM-dd); minutes ≤ 60. */
export function localEnds(zone: string, from: string, to: string, minutes: number): LocalEnd[] {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'longOffset',
  });
  const out: LocalEnd[] = [];
  const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const last = dayAfter(to);
  for (let t = Date.parse(`${from}T00:00:00Z`) - 16 * 3600000; t <= Date.parse(`${last}T00:00:00Z`) + 16 * 3600000; t += minutes * 60000) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    const date = `${p.year}-${p.month}-${p.day}`;
    const time = `${p.hour}${p.minute}`;
    // The interval ending at midnight belongs to the day before.
    const belongs = time === '0000' ? new Date(Date.parse(`${date}T00:00:00Z`) - 86400000).toISOString().slice(0, 10) : date;
    if (belongs < from || belongs > to) continue;
    const off = String(p.timeZoneName).replace('GMT', '') || '+00:00';
    out.push({ date: date.replace(/-/g, ''), time, offset: off });
  }
  return out;
}

/** Daily data walks local midnights, which are not a fixed UTC step apart: one per local day. */
export function localMidnights(from: string, to: string): LocalEnd[] {
  const out: LocalEnd[] = [];
  for (let t = Date.parse(`${from}T12:00:00Z`); new Date(t).toISOString().slice(0, 10) <= to; t += 86400000) {
    const next = new Date(t + 86400000).toISOString().slice(0, 10).replace(/-/g, '');
    out.push({ date: next, time: '0000', offset: '' });
  }
  return out;
}

export interface RunOptions extends ValidateOptions {
  readonly minutes?: number | string;
  readonly name?: string;
}

/** Validates TSV rows (header added) as one gzip interval file. */
export async function validateRows(rows: readonly string[], o: RunOptions = {}): Promise<Report> {
  return validateText(tsv(INTERVAL_COLUMNS, rows), o);
}

export async function validateText(text: string, o: RunOptions = {}): Promise<Report> {
  const { minutes = 60, name, ...options } = o;
  const path = writeGz(tempDir(), name ?? intervalName(minutes), text);
  return validateDelivery([path], options);
}

/** code → count. */
export function counts(report: Report): Record<string, number> {
  return Object.fromEntries(report.issues.map((i) => [i.code, i.count]));
}

/** The issue of a code (throws when absent, so a test fails with the code's name). */
export function issue(report: Report, code: string): Report['issues'][number] {
  const i = report.issues.find((x) => x.code === code);
  if (!i) throw new Error(`no ${code} in ${report.issues.map((x) => x.code).join(', ')}`);
  return i;
}
