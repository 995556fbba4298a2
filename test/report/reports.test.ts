import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import * as h from '../helpers/files.js';

function damagedDelivery() {
  const dir = h.tempDir();
  const customers = [h.customerRow(), h.customerRow({ customer_id: 'C2', premise_id: 'P2', account_id: 'A2', service_point_id: 'SP2', service_house_number: '9', email: 'bad address' })];
  const usage = Array.from({ length: 30 }, (_, i) => h.usageRow({ service_point_id: i % 2 ? 'SP2' : 'SP1', date_to: `2023${String(1 + Math.floor(i / 2) % 12).padStart(2, '0')}28`, duration: '28', usage_value: i < 25 ? '1,5' : '12' }));
  return { dir, files: [h.writeGz(dir, h.CUSTOMER_NAME, h.tsv(h.CUSTOMER_COLUMNS, customers)), h.writeGz(dir, h.USAGE_NAME, h.tsv(h.USAGE_COLUMNS, usage))] };
}

describe('reports', () => {
  test('the JSON report has the contract shape with true counts and capped examples', async () => {
    const { dir, files } = damagedDelivery();
    const out = path.join(dir, 'r.json');
    const res = await runCli(['validate', '--max-examples', '3', '--json', out, ...files]);
    expect(res.code).toBe(1);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r).toMatchObject({ tool: 'intake', version: expect.any(String), summary: { files: 2, rows: 32, passed: false } });
    expect(r.files[1]).toMatchObject({ name: h.USAGE_NAME, standard: 'legacy-billing', fileType: 'usage', rows: 30, bytes: expect.any(Number) });
    const comma = r.issues.find((i: { code: string }) => i.code === 'FIELD_NUMBER_COMMA');
    expect(comma).toMatchObject({ severity: 'error', file: h.USAGE_NAME, column: 'usage_value', count: 25, message: expect.any(String), hint: expect.any(String) });
    expect(comma.examples).toHaveLength(3);
    expect(comma.examples[0]).toMatchObject({ line: 2, value: '1,5' });
    expect(r.summary.errors).toBe(r.issues.filter((i: { severity: string }) => i.severity === 'error').reduce((n: number, i: { count: number }) => n + i.count, 0));
    expect(r.profile.readsPerMonth['2023-01']).toBe(4); // i = 0, 1, 24, 25: the last two are corrections
  });

  test('the issues CSV lists every occurrence, uncapped', async () => {
    const { dir, files } = damagedDelivery();
    const csv = path.join(dir, 'issues.csv');
    await runCli(['validate', '--max-examples', '1', '--issues-csv', csv, '--quiet', ...files]);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('file,line,column,code,severity,value,key,message');
    expect(rows.filter((r) => r.includes(',FIELD_NUMBER_COMMA,'))).toHaveLength(25);
    expect(rows.some((r) => r.includes(',FIELD_BAD_EMAIL,') && r.includes('b•••'))).toBe(true);
  });

  test('the HTML report is self-contained and names issues, hints and the profile', async () => {
    const { dir, files } = damagedDelivery();
    const html = path.join(dir, 'r.html');
    await runCli(['validate', '--html', html, '--quiet', ...files]);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
    expect(text).toContain('FIELD_NUMBER_COMMA');
    expect(text).toContain('How to fix');
    expect(text).toContain('Reads per month');
    expect(text).toContain('<svg');
  });

  test('spec prints a standard and writes its mapping template; explain prints a code', async () => {
    const dir = h.tempDir();
    const list = await runCli(['spec']);
    expect(list.stdout).toMatch(/legacy-billing\s+v1-19-0/);
    const one = await runCli(['spec', 'legacy-billing', '--json']);
    expect(JSON.parse(one.stdout).fileTypes.map((f: { id: string }) => f.id)).toEqual(['customer', 'usage', 'full']);
    const tpl = path.join(dir, 'map.csv');
    expect((await runCli(['spec', 'legacy-billing', '--template', tpl])).code).toBe(0);
    const lines = readFileSync(tpl, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file_type,position,column,entity,type,required,allowed_values,source,description,utility_source_field,transformation_notes');
    expect(lines.find((l) => l.startsWith('usage,5,is_estimate'))).toContain('A | E | U');
    const ex = await runCli(['explain', 'field_bad_date']);
    expect(ex.stdout).toContain('FIELD_BAD_DATE (error, field)');
    expect((await runCli(['explain', 'NOPE'])).code).toBe(2);
  });
});
