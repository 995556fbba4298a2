/**
 * Held-back deliveries written by hand from the spec (test/fixtures/legacy-billing): clean ones pass with exit 0;
 * each damaged one exits 1 with the damaged line among the examples of an error. Runs the CLI end to end on real
 * gzip and zip files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { runCli } from '../helpers/cli.js';
import * as h from '../helpers/files.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/legacy-billing');
const fixture = (n: string) => readFileSync(path.join(FIX, n), 'utf8');
const STAMP = '20250115093000';
const name = (type: string, ext = 'gz') => `opwr_gec_res_1-19-0_${type}_${STAMP}.${ext}`;

/** Replaces one field of one line (1-based; line 1 is the header) in TSV text. */
function patch(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const header = (lines[0] as string).split('\t');
  const i = header.indexOf(column);
  if (i < 0) throw new Error(`no column ${column}`);
  const fields = (lines[line - 1] as string).split('\t');
  fields[i] = value;
  lines[line - 1] = fields.join('\t');
  return lines.join('\n');
}

async function validate(files: string[]): Promise<{ code: number; report: Report; stdout: string; stderr: string }> {
  const res = await runCli(['validate', '--json', '-', ...files]);
  return { code: res.code, report: JSON.parse(res.stdout) as Report, stdout: res.stdout, stderr: res.stderr };
}

function errorLines(r: Report): number[] {
  return r.issues.filter((i) => i.severity === 'error').flatMap((i) => i.examples.map((e) => e.line ?? 0));
}

describe('intake validate --utility', () => {
  test('files named for the given utility pass; for another utility: a DELIVERY_WRONG_UTILITY warning, exit 0', async () => {
    const dir = h.tempDir();
    const files = [h.writeGz(dir, name('customer'), fixture('clean-customer.tsv')), h.writeGz(dir, name('usage'), fixture('clean-usage.tsv'))];
    const own = await runCli(['validate', '--utility', 'gec', '--json', '-', ...files]);
    expect(own.code).toBe(0);
    expect((JSON.parse(own.stdout) as Report).issues.map((i) => i.code)).not.toContain('DELIVERY_WRONG_UTILITY');
    const other = await runCli(['validate', '--utility', 'acme', '--json', '-', ...files]);
    expect(other.code).toBe(0);
    const report = JSON.parse(other.stdout) as Report;
    expect(report.issues.filter((i) => i.code === 'DELIVERY_WRONG_UTILITY').map((i) => i.severity)).toEqual(['warning']);
  });
});

describe('held-back legacy billing deliveries', () => {
  test('clean two-file delivery (gzip): exit 0, 0 errors', async () => {
    const dir = h.tempDir();
    const r = await validate([h.writeGz(dir, name('customer'), fixture('clean-customer.tsv')), h.writeGz(dir, name('usage'), fixture('clean-usage.tsv'))]);
    expect(r.report.summary.errors).toBe(0);
    expect(r.code).toBe(0);
    expect(r.report.summary.rows).toBe(19);
  });

  test('clean two-file delivery (zip): exit 0, 0 errors', async () => {
    const dir = h.tempDir();
    const c = await h.writeZip(dir, name('customer', 'zip'), [{ name: 'customer.txt', text: fixture('clean-customer.tsv') }]);
    const u = await h.writeZip(dir, name('usage', 'zip'), [{ name: 'usage.txt', text: fixture('clean-usage.tsv') }]);
    const r = await validate([c, u]);
    expect(r.report.summary.errors).toBe(0);
    expect(r.code).toBe(0);
  });

  test('clean single-file layout: exit 0, 0 errors', async () => {
    const dir = h.tempDir();
    const r = await validate([h.writeGz(dir, name('full'), fixture('clean-full.tsv'))]);
    expect(r.report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.report.files[0]?.fileType).toBe('full');
  });

  const usageDefects: [string, number, string, string, string][] = [
    ['a bad date', 4, 'date_to', '20240231', 'FIELD_BAD_DATE'],
    ['a number with a comma', 6, 'usage_value', '3,120.5', 'FIELD_NUMBER_COMMA'],
    ['an unknown flag', 9, 'is_estimate', 'Y', 'FIELD_BAD_ENUM'],
    ['reads out of order', 5, 'date_to', '20231231', 'READ_OUT_OF_ORDER'],
    ['an overlapping read', 3, 'duration', '40', 'READ_OVERLAP'],
    ['an unknown service point', 12, 'service_point_id', 'SPE-99999', 'USAGE_UNKNOWN_SERVICE_POINT'],
  ];
  test.each(usageDefects)('usage with %s: exit 1, line %i among the examples', async (_n, line, column, value, code) => {
    const dir = h.tempDir();
    const r = await validate([h.writeGz(dir, name('customer'), fixture('clean-customer.tsv')), h.writeGz(dir, name('usage'), patch(fixture('clean-usage.tsv'), line, column, value))]);
    expect(r.code).toBe(1);
    const issue = r.report.issues.find((i) => i.code === code);
    expect(issue?.severity).toBe('error');
    expect(issue?.examples.map((e) => e.line)).toContain(line);
  });

  const customerDefects: [string, number, string, string, string][] = [
    ['a bad ZIP code', 3, 'service_zip_code', '2322', 'FIELD_BAD_ZIP'],
    ['a state longer than two letters', 4, 'service_state', 'VAA', 'FIELD_BAD_STATE'],
    ['a bad activation date', 2, 'active_date', '2015-03-12', 'FIELD_BAD_DATE'],
  ];
  test.each(customerDefects)('customer with %s: exit 1, line %i among the examples', async (_n, line, column, value, code) => {
    const dir = h.tempDir();
    const r = await validate([h.writeGz(dir, name('customer'), patch(fixture('clean-customer.tsv'), line, column, value)), h.writeGz(dir, name('usage'), fixture('clean-usage.tsv'))]);
    expect(r.code).toBe(1);
    expect(r.report.issues.find((i) => i.code === code)?.examples.map((e) => e.line)).toContain(line);
  });

  test('a short row and a long row', async () => {
    const dir = h.tempDir();
    const lines = fixture('clean-usage.tsv').split('\n');
    lines[2] = (lines[2] as string).split('\t').slice(0, 4).join('\t');
    lines[7] = `${lines[7] as string}\t12`;
    const r = await validate([h.writeGz(dir, name('customer'), fixture('clean-customer.tsv')), h.writeGz(dir, name('usage'), lines.join('\n'))]);
    expect(r.code).toBe(1);
    expect(r.report.issues.find((i) => i.code === 'ROW_TOO_FEW_FIELDS')?.examples[0]?.line).toBe(3);
    expect(r.report.issues.find((i) => i.code === 'ROW_TOO_MANY_FIELDS')?.examples[0]?.line).toBe(8);
  });

  test('a renamed header column', async () => {
    const dir = h.tempDir();
    const text = fixture('clean-usage.tsv').replace('is_estimate', 'estimated');
    const r = await validate([h.writeGz(dir, name('customer'), fixture('clean-customer.tsv')), h.writeGz(dir, name('usage'), text)]);
    expect(r.code).toBe(1);
    expect(r.report.issues.find((i) => i.code === 'HEADER_RENAMED_COLUMN')?.examples[0]?.line).toBe(1);
  });

  test('invalid UTF-8', async () => {
    const dir = h.tempDir();
    const buf = Buffer.from(fixture('clean-customer.tsv'));
    buf[buf.indexOf('Nguyen') + 1] = 0xe9; // a Latin-1 é where UTF-8 was expected
    const r = await validate([h.writeGz(dir, name('customer'), buf), h.writeGz(dir, name('usage'), fixture('clean-usage.tsv'))]);
    expect(r.code).toBe(1);
    expect(errorLines(r.report)).toContain(5);
    expect(r.report.issues.find((i) => i.code === 'ENCODING_INVALID_UTF8')).toBeDefined();
  });

  test('a zip holding two files', async () => {
    const dir = h.tempDir();
    const c = await h.writeZip(dir, name('customer', 'zip'), [{ name: 'a.txt', text: fixture('clean-customer.tsv') }, { name: 'b.txt', text: fixture('clean-customer.tsv') }]);
    const r = await validate([c, h.writeGz(dir, name('usage'), fixture('clean-usage.tsv'))]);
    expect(r.code).toBe(1);
    expect(r.report.issues.find((i) => i.code === 'ZIP_MULTIPLE_FILES')?.severity).toBe('error');
  });

  test('single-file layout with a bad date', async () => {
    const dir = h.tempDir();
    const r = await validate([h.writeGz(dir, name('full'), patch(fixture('clean-full.tsv'), 7, 'date_to', '20241301'))]);
    expect(r.code).toBe(1);
    expect(r.report.issues.find((i) => i.code === 'FIELD_BAD_DATE')?.examples.map((e) => e.line)).toEqual([7]);
  });

  test('the terminal summary names the file, line and fix', async () => {
    const dir = h.tempDir();
    const res = await runCli(['validate', h.writeGz(dir, name('customer'), fixture('clean-customer.tsv')), h.writeGz(dir, name('usage'), patch(fixture('clean-usage.tsv'), 4, 'date_to', '20240231'))]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('FAILED');
    expect(res.stdout).toMatch(/FIELD_BAD_DATE.*usage.*line 4/);
    expect(res.stdout).toContain('fix: Write dates as yyyyMMdd');
  });
});
