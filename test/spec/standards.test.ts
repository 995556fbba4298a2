/**
 * Every standard of the registry against a hand-written delivery (test/fixtures/<standard>/): the clean one
 * passes without a single issue, the damaged one gives exactly the errors planted in it, per file type, as
 * [line, column, code]. Line 1 is the header.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { STANDARD_NAMES, STANDARDS } from '../../src/spec/registry.js';
import { validateDelivery } from '../../src/validate/index.js';
import { runCli } from '../helpers/cli.js';
import { deliveryOf, errorsByFileType } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/files.js';
import { hits, type Hit } from '../helpers/report.js';

const DAMAGED: [string, Record<string, Hit[]>][] = [
  ['billing', {
    bill: [[3, 'due_datetime', 'FIELD_BAD_DATETIME']],
    'bill-segment': [[2, 'service_agreement_id', 'FIELD_REQUIRED']],
    'line-item': [[3, 'print', 'FIELD_BAD_ENUM']],
  }],
  ['account', {
    main: [[3, 'customer_class', 'FIELD_BAD_ENUM'], [4, 'service_agreement_start_datetime', 'FIELD_BAD_DATETIME']],
    address: [[3, 'locality', 'FIELD_REQUIRED']],
  }],
  ['premise', {
    premise: [[2, 'interval_size', 'FIELD_BAD_NUMBER'], [3, 'service_point_type_code', 'FIELD_BAD_ENUM'], [4, 'device_id', 'FIELD_REQUIRED']],
  }],
  ['program-participation', {
    participation: [[2, 'start_date', 'FIELD_BAD_DATETIME'], [3, 'deemed_annual_savings_unit', 'FIELD_BAD_ENUM'], [4, 'premise_id', 'FIELD_REQUIRED']],
  }],
  ['unsubscribe', {
    email: [[2, 'occurred_on', 'FIELD_BAD_DATETIME'], [3, 'occurred_on', 'FIELD_REQUIRED'], [4, 'address', 'FIELD_NOT_ASCII']],
  }],
  ['customer-classification', {
    classification: [[2, 'start_date', 'FIELD_BAD_DATETIME'], [3, 'value', 'CLASSIFICATION_UNKNOWN_VALUE'], [4, 'customer_id', 'FIELD_REQUIRED']],
  }],
  ['call-center', {
    calls: [[2, 'start_tstamp', 'FIELD_BAD_DATETIME'], [3, 'phone_number', 'FIELD_REQUIRED'], [4, 'end_tstamp', 'ROW_ONE_OF_REQUIRED']],
  }],
  ['rates', {
    attributes: [[3, 'start_date', 'FIELD_BAD_DATE'], [4, 'value', 'FIELD_REQUIRED']],
    prices: [[3, 'period', 'FIELD_BAD_ENUM']],
  }],
];

describe('hand-written deliveries', () => {
  test.each(DAMAGED.map(([s]) => s))('%s: the clean delivery has no issues at all', async (standard) => {
    const files = deliveryOf(standard, 'clean');
    const r = await validateDelivery(files);
    expect(hits(r)).toEqual([]);
    expect(r.standard).toBe(standard);
    expect(r.summary).toMatchObject({ files: files.length, errors: 0, warnings: 0, passed: true });
    // Every file was recognised and read: no row of any file type is left unchecked.
    for (const f of r.files) expect(f.rows, f.name).toBeGreaterThan(0);
  });

  test.each(DAMAGED)('%s: the damaged delivery gives the planted errors at their lines', async (standard, expected) => {
    const r = await validateDelivery(deliveryOf(standard, 'damaged'));
    expect(errorsByFileType(r)).toEqual(expected);
    expect(r.summary.passed).toBe(false);
  });

  test('every standard except the two core ones has a fixture pair', () => {
    const covered = DAMAGED.map(([s]) => s).sort();
    expect(covered).toEqual(STANDARD_NAMES.filter((n) => n !== 'legacy-billing' && n !== 'interval').sort());
  });
});

describe('intake spec', () => {
  test('lists every standard with its version, none missing', async () => {
    const r = await runCli(['spec']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('not yet implemented');
    for (const s of STANDARDS) expect(r.stdout).toMatch(new RegExp(`${s.id}\\s+v${s.version}\\s`));
    const json = await runCli(['spec', '--json']);
    expect((JSON.parse(json.stdout) as { implemented: boolean }[]).every((x) => x.implemented)).toBe(true);
  });

  test.each(STANDARDS.map((s) => s.id))('prints %s and writes its mapping template', async (id) => {
    const s = STANDARDS.find((x) => x.id === id)!;
    const printed = await runCli(['spec', id]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`version ${s.version}`);
    for (const ft of s.fileTypes) expect(printed.stdout).toContain(`File type "${ft.id}"`);
    const out = path.join(tempDir(), `${id}.csv`);
    const written = await runCli(['spec', id, '--template', out]);
    expect(written.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toMatch(/^file_type,position,column,/);
    expect(rows).toHaveLength(1 + s.fileTypes.reduce((n, ft) => n + ft.columns.length, 0));
    // Intake's completions are marked as such in the template.
    const intakeColumns = s.fileTypes.flatMap((ft) => ft.columns.filter((c) => c.source === 'intake'));
    expect(rows.filter((row) => row.includes(',Intake,'))).toHaveLength(intakeColumns.length);
  });
});
