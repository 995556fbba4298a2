/**
 * Legacy billing checks as small tables: a few TSV rows in, [line, column, code] out. Line 1 is the header,
 * so the first data row is line 2.
 */
import { describe, expect, test } from 'vitest';
import { validateDelivery } from '../../src/validate/index.js';
import { resolveProfile } from '../../src/spec/profile.js';
import * as h from '../helpers/files.js';
import { hits, type Hit } from '../helpers/report.js';

const CUSTOMERS = [
  h.customerRow(),
  h.customerRow({ customer_id: 'C2', premise_id: 'P2', account_id: 'A2', service_point_id: 'SP2', service_house_number: '14' }),
];

async function run(customerRows: string[] | null, usageRows: string[] | null, opts: Parameters<typeof validateDelivery>[1] = {}) {
  const dir = h.tempDir();
  const files: string[] = [];
  if (customerRows) files.push(h.writeGz(dir, h.CUSTOMER_NAME, h.tsv(h.CUSTOMER_COLUMNS, customerRows)));
  if (usageRows) files.push(h.writeGz(dir, h.USAGE_NAME, h.tsv(h.USAGE_COLUMNS, usageRows)));
  return validateDelivery(files, opts);
}

const errorsOf = async (c: string[] | null, u: string[] | null, opts = {}): Promise<Hit[]> => hits(await run(c, u, opts), ['error']);
const allOf = async (c: string[] | null, u: string[] | null, opts = {}): Promise<Hit[]> => hits(await run(c, u, opts));

describe('legacy billing: fields', () => {
  test('a clean delivery has no issues at all', async () => {
    const r = await run(CUSTOMERS, [h.usageRow(), h.usageRow({ date_to: '20240229', duration: '29' }), h.usageRow({ service_point_id: 'SP2' })]);
    expect(hits(r)).toEqual([]);
    expect(r.summary).toMatchObject({ files: 2, rows: 5, errors: 0, passed: true });
    // Customer ids are counted in the customer file; their table is let go before the usage file is read.
    expect(r.profile?.distinct).toMatchObject({ customers: 2, accounts: 2, servicePoints: 2 });
  });

  test.each<[string, Record<string, string>, Hit[]]>([
    ['bad date', { date_to: '20241301' }, [[2, 'date_to', 'FIELD_BAD_DATE']]],
    ['date with dashes', { date_to: '2024-01-31' }, [[2, 'date_to', 'FIELD_BAD_DATE']]],
    ['comma in a number', { usage_value: '1,234.5' }, [[2, 'usage_value', 'FIELD_NUMBER_COMMA']]],
    ['scientific notation', { usage_value: '1.2E3' }, [[2, 'usage_value', 'FIELD_NUMBER_EXPONENT']]],
    ['not a number', { usage_value: 'abc' }, [[2, 'usage_value', 'FIELD_BAD_NUMBER']]],
    ['unknown estimate flag', { is_estimate: 'X' }, [[2, 'is_estimate', 'FIELD_BAD_ENUM']]],
    ['empty estimate flag', { is_estimate: '' }, [[2, 'is_estimate', 'FIELD_REQUIRED']]],
    ['negative usage', { usage_value: '-5' }, [[2, 'usage_value', 'USAGE_NEGATIVE']]],
    ['usage too large', { usage_value: '1000000000' }, [[2, 'usage_value', 'FIELD_OUT_OF_RANGE']]],
    ['fractional duration', { duration: '30.5' }, [[2, 'duration', 'FIELD_NOT_INTEGER']]],
    ['duration out of range', { duration: '401' }, [[2, 'duration', 'FIELD_OUT_OF_RANGE']]],
    ['charge with three decimals', { usage_charge: '12.345' }, [[2, 'usage_charge', 'FIELD_TOO_MANY_DECIMALS']]],
  ])('usage %s', async (_name, override, expected) => {
    expect(await errorsOf(CUSTOMERS, [h.usageRow(override)])).toEqual(expected);
  });

  test.each<[string, Record<string, string>, Hit[]]>([
    ['bad ZIP', { service_zip_code: '2322' }, [[2, 'service_zip_code', 'FIELD_BAD_ZIP']]],
    ['ZIP+4 without dash is fine', { service_zip_code: '232201234' }, []],
    ['state longer than two letters', { service_state: 'VIR' }, [[2, 'service_state', 'FIELD_BAD_STATE']]],
    ['unknown state', { mail_state: 'XX' }, [[2, 'mail_state', 'FIELD_BAD_STATE']]],
    ['bad email', { email: 'ann.example.com' }, [[2, 'email', 'FIELD_BAD_EMAIL']]],
    ['bad phone', { phone: '555-0100' }, [[2, 'phone', 'FIELD_BAD_PHONE']]],
    ['bad language', { language: 'English' }, [[2, 'language', 'FIELD_BAD_LANGUAGE']]],
    ['unknown customer type', { customer_type: 'HOUSEHOLD' }, [[2, 'customer_type', 'FIELD_BAD_ENUM']]],
    ['business without a name', { customer_type: 'BUSINESS', business_name: '' }, [[2, 'business_name', 'ROW_CONDITIONAL_REQUIRED']]],
    ['resident without a first name', { first_name: '' }, [[2, 'first_name', 'ROW_CONDITIONAL_REQUIRED']]],
    ['inactive before active', { inactive_date: '20221231' }, [[2, 'inactive_date', 'ROW_DATES_ORDER']]],
    ['deletion without permission', { is_account_deletion: 'true' }, [[2, 'is_account_deletion', 'ROW_DELETION_NOT_ALLOWED']]],
    ['unknown meter unit', { meter_unit: 'KW' }, [[2, 'meter_unit', 'FIELD_BAD_ENUM']]],
    ['square feet out of range', { bldg_sq_foot: '0' }, [[2, 'bldg_sq_foot', 'FIELD_OUT_OF_RANGE']]],
    ['missing customer id', { customer_id: '' }, [[2, 'customer_id', 'FIELD_REQUIRED']]],
  ])('customer %s', async (_name, override, expected) => {
    expect(await errorsOf([h.customerRow(override)], [h.usageRow()])).toEqual(expected);
  });

  test('NULL written as a word is a warning, and a typed field also fails its type', async () => {
    const r = await allOf([h.customerRow({ secondary_id: 'NULL', inactive_date: 'NULL' })], [h.usageRow()]);
    expect(r).toEqual([
      [2, 'inactive_date', 'FIELD_BAD_DATE'],
      [2, 'inactive_date', 'FIELD_NULL_TOKEN'],
      [2, 'secondary_id', 'FIELD_NULL_TOKEN'],
    ]);
  });

  test('profile: negative usage allowed, CCB id required, deletion allowed, extra enum value', async () => {
    const profile = resolveProfile({ allowNegativeUsage: true, usesCcb: true, allowAccountDeletion: true, extraEnumValues: { meter_unit: ['KW'] } });
    const r = await errorsOf([h.customerRow({ is_account_deletion: 't', meter_unit: 'KW' })], [h.usageRow({ usage_value: '-3.5' })], { profile });
    expect(r).toEqual([[2, 'ccb_account_id', 'FIELD_REQUIRED']]);
  });

  test('zero usage and an odd cycle are warnings', async () => {
    const r = await run(CUSTOMERS, [h.usageRow({ usage_value: '0', duration: '45', date_to: '20240214' })]);
    expect(hits(r, ['warning'])).toEqual([[2, 'duration', 'USAGE_ODD_CYCLE'], [2, 'usage_value', 'USAGE_ZERO']]);
    expect(r.summary.passed).toBe(true);
  });
});

describe('legacy billing: rows and files', () => {
  test('short and long rows are told apart and checked no further', async () => {
    const short = h.usageRow().split('\t').slice(0, 5).join('\t');
    const long = `${h.usageRow()}\textra`;
    expect(await errorsOf(CUSTOMERS, [short, h.usageRow({ date_to: '20240229', duration: '29' }), long])).toEqual([
      [2, null, 'ROW_TOO_FEW_FIELDS'],
      [4, null, 'ROW_TOO_MANY_FIELDS'],
    ]);
  });

  test('a renamed header column is an error at line 1', async () => {
    const dir = h.tempDir();
    const header = h.USAGE_COLUMNS.map((c) => (c === 'date_to' ? 'end_date' : c));
    const c = h.writeGz(dir, h.CUSTOMER_NAME, h.tsv(h.CUSTOMER_COLUMNS, CUSTOMERS));
    const u = h.writeGz(dir, h.USAGE_NAME, h.tsv(header, [h.usageRow()]));
    expect(hits(await validateDelivery([c, u]), ['error'])).toEqual([[1, null, 'HEADER_RENAMED_COLUMN']]);
  });

  test('missing, reordered and extra header columns', async () => {
    const dir = h.tempDir();
    const c = h.writeGz(dir, h.CUSTOMER_NAME, h.tsv(h.CUSTOMER_COLUMNS, CUSTOMERS));
    const cols = [...h.USAGE_COLUMNS];
    [cols[2], cols[3]] = [cols[3]!, cols[2]!];
    const swapped = h.writeGz(dir, h.USAGE_NAME, h.tsv([...cols, 'note'], [`${h.usageRow({ date_to: '31', duration: '20240131' })}\tx`]));
    const r = await validateDelivery([c, swapped]);
    expect(hits(r).map((x) => x[2])).toEqual(['HEADER_EXTRA_COLUMN_END', 'HEADER_ORDER']);
  });

  test('invalid UTF-8 is reported at its line', async () => {
    const dir = h.tempDir();
    const text = Buffer.concat([Buffer.from(h.tsv(h.CUSTOMER_COLUMNS, [h.customerRow()])), Buffer.from(h.customerRow({ account_id: 'A2', service_point_id: 'SP2', customer_id: 'C2', premise_id: 'P2' }).replace('Ann', 'An\u00ff')), Buffer.from('\n')]);
    const latin = Buffer.from(text.toString('utf8').replace('An\u00ff', 'AnX'));
    const bad = Buffer.from(latin);
    const at = bad.indexOf('AnX');
    bad[at + 2] = 0xff;
    const c = h.writePlain(dir, h.CUSTOMER_NAME.replace('.gz', '.txt'), bad);
    const u = h.writeGz(dir, h.USAGE_NAME, h.tsv(h.USAGE_COLUMNS, [h.usageRow()]));
    const r = await validateDelivery([c, u]);
    expect(hits(r, ['error'])).toEqual([[3, null, 'ENCODING_INVALID_UTF8']]);
    expect(r.issues.find((i) => i.code === 'FILE_UNCOMPRESSED')?.severity).toBe('warning');
  });

  test('CRLF line ends and a BOM are accepted (the BOM with a warning)', async () => {
    const dir = h.tempDir();
    const crlf = `\ufeff${h.tsv(h.CUSTOMER_COLUMNS, CUSTOMERS).replace(/\n/g, '\r\n')}`;
    const c = h.writeGz(dir, h.CUSTOMER_NAME, crlf);
    const u = h.writeGz(dir, h.USAGE_NAME, h.tsv(h.USAGE_COLUMNS, [h.usageRow()]).replace(/\n/g, '\r\n'));
    const r = await validateDelivery([c, u]);
    expect(hits(r)).toEqual([[null, null, 'ENCODING_BOM']]);
  });
});

describe('legacy billing: across rows and files', () => {
  const read = (date_to: string, duration: string, o: Record<string, string> = {}) => h.usageRow({ date_to, duration, ...o });

  test('reads out of order per service point', async () => {
    expect(await errorsOf(CUSTOMERS, [read('20240229', '29'), read('20240131', '31')])).toEqual([[3, 'date_to', 'READ_OUT_OF_ORDER']]);
  });

  test('the same period twice is a correction (info), wherever it comes', async () => {
    const r = await allOf(CUSTOMERS, [read('20240131', '31'), read('20240229', '29'), read('20240131', '31', { usage_value: '500' }), read('20240229', '29')]);
    expect(r).toEqual([[4, 'date_to', 'READ_CORRECTION'], [5, 'date_to', 'READ_CORRECTION']]);
  });

  test('a valid overlapping overwrite is info; any other overlap is an error', async () => {
    // Jan, Feb, then Jan 1 – Mar 31 (starts where January starts, ends after the latest, longer): valid.
    expect(await allOf(CUSTOMERS, [read('20240131', '31'), read('20240229', '29'), read('20240331', '91')])).toEqual([[4, 'date_to', 'READ_OVERLAPPING_OVERWRITE']]);
    // Jan, then Jan 15 – Feb 29: overlaps and starts mid-period.
    expect(await errorsOf(CUSTOMERS, [read('20240131', '31'), read('20240229', '46')])).toEqual([[3, 'date_to', 'READ_OVERLAP']]);
    // Jan, Feb, then Jan 10 – Jan 31 (same end as January, different length).
    expect(await errorsOf(CUSTOMERS, [read('20240131', '31'), read('20240229', '29'), read('20240131', '22')])).toEqual([[4, 'date_to', 'READ_OVERLAP']]);
  });

  test('usage for a service point the customer data does not declare', async () => {
    expect(await errorsOf(CUSTOMERS, [h.usageRow({ service_point_id: 'SP404' })])).toEqual([[2, 'service_point_id', 'USAGE_UNKNOWN_SERVICE_POINT']]);
  });

  test('usage alone is a layout error unless the store knows the service points', async () => {
    expect((await errorsOf(null, [h.usageRow()])).map((x) => x[2])).toEqual(['DELIVERY_LAYOUT', 'USAGE_UNKNOWN_SERVICE_POINT']);
    expect(await errorsOf(null, [h.usageRow()], { context: { knownServicePoint: (id: string) => id === 'SP1' } })).toEqual([]);
  });

  test('repeated records: last one wins (info); a changed active_date is an error', async () => {
    const r = await allOf([h.customerRow(), h.customerRow({ email: 'new@example.com' }), h.customerRow({ active_date: '20220101' })], [h.usageRow()]);
    expect(r).toEqual([[3, 'account_id', 'ENTITY_REPEATED'], [4, 'account_id', 'ENTITY_REPEATED'], [4, 'active_date', 'ACCOUNT_ACTIVE_DATE_CHANGED']]);
  });

  test('several premises at one street address without units get a warning', async () => {
    const r = await run([h.customerRow(), h.customerRow({ customer_id: 'C2', premise_id: 'P2', account_id: 'A2', service_point_id: 'SP2' })], [h.usageRow()]);
    expect(hits(r, ['warning'])).toEqual([[2, 'service_unit', 'SERVICE_UNIT_MISSING']]);
  });

  test('personal data is masked in examples unless asked for', async () => {
    const masked = await run([h.customerRow({ email: 'ann.example.com' })], [h.usageRow()]);
    expect(masked.issues[0]?.examples[0]?.value).toBe('a•••');
    const shown = await run([h.customerRow({ email: 'ann.example.com' })], [h.usageRow()], { showPii: true });
    expect(shown.issues[0]?.examples[0]?.value).toBe('ann.example.com');
  });

  test('counts are true when examples are capped', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => h.usageRow({ usage_value: `1,00${i}` , date_to: `2024${String(1 + (i % 12)).padStart(2, '0')}15`, service_point_id: `SP${i}` }));
    const customers = Array.from({ length: 50 }, (_, i) => h.customerRow({ service_point_id: `SP${i}`, account_id: `A${i}`, customer_id: `C${i}`, premise_id: `P${i}`, service_house_number: String(i) }));
    const r = await run(customers, rows, { maxExamples: 5 });
    const issue = r.issues.find((i) => i.code === 'FIELD_NUMBER_COMMA');
    expect(issue?.count).toBe(50);
    expect(issue?.examples).toHaveLength(5);
  });
});

describe('legacy billing: the utility of the file names', () => {
  const clean = [h.usageRow(), h.usageRow({ service_point_id: 'SP2' })];
  const wrong = (r: Awaited<ReturnType<typeof run>>) => r.issues.filter((i) => i.code === 'DELIVERY_WRONG_UTILITY');

  test('file names carrying the delivery utility code pass', async () => {
    const r = await run(CUSTOMERS, clean, { utility: 'demo' });
    expect(wrong(r)).toEqual([]);
    expect(r.summary.passed).toBe(true);
  });

  test('file names of another utility draw a warning naming both codes (the delivery still passes)', async () => {
    const r = await run(CUSTOMERS, clean, { utility: 'acme' });
    expect(wrong(r)).toHaveLength(1);
    expect(wrong(r)[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('demo') });
    expect(wrong(r)[0]?.message).toContain('acme');
    expect(r.summary).toMatchObject({ passed: true, warnings: 1 });
  });

  test('a long utility code is checked through the profile fileNameCode, and only then', async () => {
    expect(wrong(await run(CUSTOMERS, clean, { utility: 'acme-power-co' }))).toEqual([]);
    expect(wrong(await run(CUSTOMERS, clean, { utility: 'acme-power-co', profile: resolveProfile({ fileNameCode: 'acme' }) }))).toHaveLength(1);
    expect(wrong(await run(CUSTOMERS, clean, { utility: 'acme-power-co', profile: resolveProfile({ fileNameCode: 'demo' }) }))).toEqual([]);
  });

  test('fileNameCode must fit the file-name convention', () => {
    expect(() => resolveProfile({ fileNameCode: 'ACME' })).toThrow(/fileNameCode/);
    expect(() => resolveProfile({ fileNameCode: 'acme-power' })).toThrow(/fileNameCode/);
    expect(resolveProfile({ fileNameCode: 'ac1' }).fileNameCode).toBe('ac1');
  });
});
