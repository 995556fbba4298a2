/**
 * The checks the new standards bring, as small tables: rows in (overrides of a clean fixture's first row),
 * [line, column, code] out. Line 1 is the header.
 */
import { describe, expect, test } from 'vitest';
import { resolveProfile } from '../../src/spec/profile.js';
import { validateDelivery } from '../../src/validate/index.js';
import { deliveryFrom, errorsByFileType as errorsByType } from '../helpers/fixtures.js';
import { hits, type Hit } from '../helpers/report.js';

const PP_DEF = 'opwr_demo_res_1-14-0_program_participation_definition_20250201000000.tsv';
const PP = 'opwr_demo_res_1-14-0_program_participation_20250201000000.tsv';
const CC_DEF = 'opwr_demo_res_1-12-0_classification_customer_definition_20250201000000.tsv';
const CC = 'opwr_demo_res_1-12-0_classification_customer_20250201000000.tsv';
const BILL = 'opwr_demo_2-0-3_billing_bill_20250201000000.tsv';
const SEG = 'opwr_demo_2-0-3_billing_billsegment_20250201000000.tsv';
const LINE = 'opwr_demo_2-0-3_billing_lineitem_20250201000000.tsv';
const MAIN = 'opwr_demo_2-0-0_billing_account_20250201000000.tsv';
const ADDR = 'opwr_demo_2-0-0_billing_account_address_20250201000000.tsv';
const SASP = 'opwr_demo_2-0-0_billing_account_sa_sp_20250201000000.tsv';
const PREM = 'opwr_demo_2-0-7_premise_20250201000000.tsv';
const CALLS = 'opwr_demo_1-11-0_call_center_20250201000000.tsv';
const ATTR = 'opwr_demo_res_1-15-0_customer_rates_attributes_20250201000000.tsv';
const TIER = 'opwr_demo_res_1-15-0_rate_tier_definition_20250201000000.tsv';
const UNSUB = 'opwr_demo_res_1-9-0_email-address-event-v1_t1_20250201000000.csv';

const run = async (standard: string, entries: Parameters<typeof deliveryFrom>[1], opts: Parameters<typeof validateDelivery>[1] = {}) =>
  validateDelivery(deliveryFrom(standard, entries), opts);

describe('program participation: rows refer to the definition file', () => {
  const definition = { file: PP_DEF, rows: [{}, { measure: 'ATTIC_INSULATION', inactive_date: '20241231 2359' }] };
  test.each<[string, Record<string, string>, Hit[]]>([
    ['a defined pair', {}, []],
    ['an undefined program (error)', { program_id: 'SOLAR' }, [[2, 'program_id', 'PARTICIPATION_UNKNOWN_PROGRAM']]],
    ['a defined program with an undefined measure (warning)', { measure: 'HEAT_PUMP' }, [[2, 'measure', 'PARTICIPATION_UNKNOWN_MEASURE']]],
    ['a start after the pair became inactive', { measure: 'ATTIC_INSULATION', start_date: '20250101 0000' }, [[2, 'start_date', 'PARTICIPATION_PROGRAM_INACTIVE']]],
    ['a start before the pair became inactive', { measure: 'ATTIC_INSULATION', start_date: '20241231 2359' }, []],
    ['an end before the start', { end_date: '20240101 0000' }, [[2, 'end_date', 'ROW_END_BEFORE_START']]],
  ])('%s', async (_name, row, expected) => {
    expect(hits(await run('program-participation', [definition, { file: PP, rows: [row] }]))).toEqual(expected);
  });

  test('the definition file is read first whatever the order given, and its identifiers are checked', async () => {
    const r = await run('program-participation', [{ file: PP, rows: [{}] }, { file: PP_DEF, rows: [{}, { program_id: 'Home Audit' }] }]);
    expect(r.files.map((f) => f.fileType)).toEqual(['definition', 'participation']);
    expect(hits(r)).toEqual([[3, 'program_id', 'FIELD_BAD_IDENTIFIER']]);
  });

  test('without the definition file the references cannot be checked: one warning', async () => {
    const r = await run('program-participation', [{ file: PP, rows: [{ program_id: 'ANY' }] }]);
    expect(hits(r)).toEqual([[null, null, 'REF_TARGET_MISSING']]);
    expect(r.summary.passed).toBe(true);
  });
});

describe('customer classification: classifier and value come from the definition file', () => {
  const definition = { file: CC_DEF, rows: [{}, { classifier: 'language', allowed_value: 'English' }] };
  test.each<[string, Record<string, string>, Hit[]]>([
    ['a defined pair', { classifier: 'language', value: 'English' }, []],
    ['an undefined classifier', { classifier: 'segment' }, [[2, 'classifier', 'CLASSIFICATION_UNKNOWN_CLASSIFIER']]],
    ['a value not allowed for the classifier', { classifier: 'language', value: 'True' }, [[2, 'value', 'CLASSIFICATION_UNKNOWN_VALUE']]],
    ['values are case-sensitive', { value: 'true' }, [[2, 'value', 'CLASSIFICATION_UNKNOWN_VALUE']]],
  ])('%s', async (_name, row, expected) => {
    expect(hits(await run('customer-classification', [definition, { file: CC, rows: [row] }]))).toEqual(expected);
  });

  test('a digit in a classifier of the definition file is not allowed', async () => {
    expect(hits(await run('customer-classification', [{ file: CC_DEF, rows: [{ classifier: 'low_income2' }] }]))).toEqual([[2, 'classifier', 'FIELD_BAD_IDENTIFIER']]);
  });
});

describe('billing', () => {
  test.each<[string, Record<string, string>, Hit[]]>([
    ['ISO date-time with offset', { bill_datetime: '2025-01-05T10:20:30+05:30' }, []],
    ['date-time without seconds', { bill_datetime: '2025-01-05 10:20' }, []],
    ['compact date', { bill_datetime: '20250105' }, [[2, 'bill_datetime', 'FIELD_BAD_DATETIME']]],
    ['hour 24', { bill_datetime: '2025-01-05T24:00:00' }, [[2, 'bill_datetime', 'FIELD_BAD_DATETIME']]],
    ['offset without colon', { due_datetime: '2025-01-25T00:00:00-0500' }, []],
    ['trailing garbage', { due_datetime: '2025-01-25T00:00:00 EST' }, [[2, 'due_datetime', 'FIELD_BAD_DATETIME']]],
    ['unknown currency', { currency_code: 'ABC' }, [[2, 'currency_code', 'FIELD_BAD_CURRENCY']]],
    ['lower-case currency', { currency_code: 'usd' }, [[2, 'currency_code', 'FIELD_BAD_CURRENCY']]],
    ['three decimals in an amount', { current_balance: '1.005' }, [[2, 'current_balance', 'FIELD_TOO_MANY_DECIMALS']]],
  ])('bill: %s', async (_name, row, expected) => {
    expect(hits(await run('billing', [{ file: BILL, rows: [row] }]))).toEqual(expected);
  });

  test('a segment that ends where it starts, a repeated key, and references to bills and segments of the delivery', async () => {
    const r = await run('billing', [
      { file: BILL, rows: [{}] },
      { file: SEG, rows: [{}, { bill_segment_id: 'S2', bill_segment_end_datetime: '2024-12-01T00:00:00' }, { bill_id: 'B9', bill_segment_id: 'S3' }, {}] },
      { file: LINE, rows: [{}, { bill_segment_id: 'S7', bill_line_sequence: '2' }] },
    ]);
    expect(errorsByType(r)).toEqual({
      'bill-segment': [[3, 'bill_segment_end_datetime', 'ROW_END_BEFORE_START'], [4, 'bill_id', 'BILLING_UNKNOWN_BILL'], [5, null, 'DUPLICATE_KEY']],
      'line-item': [[3, 'bill_segment_id', 'BILLING_UNKNOWN_SEGMENT']],
    });
  });

  test.each<[string, Record<string, string>[], Hit[]]>([
    ['consecutive segments end to start', [{}, { bill_segment_id: 'S2', bill_segment_start_datetime: '2025-01-01 00:00:00', bill_segment_end_datetime: '2025-02-01' }], []],
    ['rows in any order', [{ bill_segment_id: 'S2', bill_segment_start_datetime: '2025-01-01T00:00:00', bill_segment_end_datetime: '2025-02-01' }, {}], []],
    ['a day missing between segments', [{}, { bill_segment_id: 'S2', bill_segment_start_datetime: '2025-01-02', bill_segment_end_datetime: '2025-02-01' }], [[3, null, 'BILLING_SEGMENT_GAP']]],
    ['overlapping segments', [{}, { bill_segment_id: 'S2', bill_segment_start_datetime: '2024-12-15', bill_segment_end_datetime: '2025-02-01' }], [[3, null, 'BILLING_SEGMENT_OVERLAP']]],
    ['another agreement is another timeline', [{}, { bill_segment_id: 'S2', service_agreement_id: 'SA2', bill_segment_start_datetime: '2024-12-15', bill_segment_end_datetime: '2025-02-01' }], []],
  ])('segments: %s', async (_name, rows, expected) => {
    expect(hits(await run('billing', [{ file: SEG, rows }]))).toEqual(expected);
  });

  test('a line item file alone is checked on its own (files may arrive separately)', async () => {
    expect(hits(await run('billing', [{ file: LINE, rows: [{}, { bill_id: 'B9' }] }]))).toEqual([]);
  });
});

describe('account', () => {
  test.each<[string, Record<string, string>, Hit[]]>([
    ['a Person without any name', { first_name: '', last_name: '' }, [[2, 'first_name', 'ROW_ONE_OF_REQUIRED']]],
    ['a Person with a last name only', { first_name: '' }, []],
    ['a Business without a business name but with a first name', { person_type: 'Business' }, []],
    ['a Business with no name at all', { person_type: 'Business', first_name: '', last_name: '' }, [[2, 'business_name', 'ROW_ONE_OF_REQUIRED']]],
    ['a person type in the wrong case', { person_type: 'person' }, [[2, 'person_type', 'FIELD_BAD_ENUM']]],
    ['an agreement that ends before it starts', { service_agreement_end_datetime: '2020-02-29' }, [[2, 'service_agreement_end_datetime', 'ROW_END_BEFORE_START']]],
    ['a language preference without a country', { language_preference: 'en' }, [[2, 'language_preference', 'FIELD_BAD_LOCALE']]],
    ['a language preference with an unknown country', { language_preference: 'en_QQ' }, [[2, 'language_preference', 'FIELD_BAD_LOCALE']]],
    ['an account name over 40 characters', { account_name: 'x'.repeat(41) }, [[2, 'account_name', 'FIELD_TOO_LONG']]],
  ])('main: %s', async (_name, row, expected) => {
    expect(hits(await run('account', [{ file: MAIN, rows: [row] }]))).toEqual(expected);
  });

  test.each<[string, Record<string, string>[], Hit[]]>([
    ['a closed range, then a new one', [{ sa_sp_end_date: '2021-01-01' }, { sa_sp_start_date: '2021-01-01' }], []],
    ['the same start again is a correction', [{}, { usage_percent: '50' }], []],
    ['an open range, then a new one', [{}, { sa_sp_start_date: '2021-01-01' }], [[3, null, 'SA_SP_OVERLAP']]],
    ['another service point is another timeline', [{}, { service_point_id: 'SP2', sa_sp_start_date: '2021-01-01' }], []],
  ])('SA-SP: %s', async (_name, rows, expected) => {
    expect(hits(await run('account', [{ file: SASP, rows }]))).toEqual(expected);
  });

  test('addresses and SA-SP rows refer to the persons and agreements of the main file', async () => {
    const r = await run('account', [
      { file: MAIN, rows: [{}] },
      { file: ADDR, rows: [{}, { person_id: 'P9', country: 'XX' }] },
      { file: SASP, rows: [{}, { service_agreement_id: 'SA9', usage_flag: '*' }] },
    ]);
    expect(errorsByType(r)).toEqual({
      address: [[3, 'country', 'FIELD_BAD_COUNTRY'], [3, 'person_id', 'ACCOUNT_UNKNOWN_PERSON']],
      'sa-sp': [[3, 'service_agreement_id', 'ACCOUNT_UNKNOWN_SERVICE_AGREEMENT'], [3, 'usage_flag', 'FIELD_BAD_ENUM']],
    });
  });
});

describe('premise, call center, rates, unsubscribe', () => {
  test('premise: device + measuring component is unique', async () => {
    expect(hits(await run('premise', [{ file: PREM, rows: [{}, { measuring_component_id: 'MC2' }, {}] }]))).toEqual([[4, null, 'DUPLICATE_KEY']]);
  });

  test.each<[string, Record<string, string>, Hit[]]>([
    ['a call with its duration but no end', { end_tstamp: '', duration: '120' }, []],
    ['a call that ends before it starts', { end_tstamp: '20250105 092959' }, [[2, 'end_tstamp', 'ROW_END_BEFORE_START']]],
    ['a call that ends as it starts', { end_tstamp: '20250105 093000' }, []],
    ['a phone number of 7 digits', { phone_number: '555-0100' }, [[2, 'phone_number', 'FIELD_BAD_PHONE']]],
    ['seconds out of range', { start_tstamp: '20250105 093060' }, [[2, 'start_tstamp', 'FIELD_BAD_DATETIME']]],
  ])('call center: %s', async (_name, row, expected) => {
    expect(hits(await run('call-center', [{ file: CALLS, rows: [row] }]))).toEqual(expected);
  });

  test('rates: deletion only where the profile allows it; tiers and dates in order', async () => {
    const rows = [{ is_utility_account_attribute_deletion: 't' }, { end_date: '20240101' }];
    expect(hits(await run('rates', [{ file: ATTR, rows }]))).toEqual([
      [2, 'is_utility_account_attribute_deletion', 'ROW_DELETION_NOT_ALLOWED'],
      [3, 'end_date', 'ROW_END_BEFORE_START'],
    ]);
    const allowed = resolveProfile({ allowAccountDeletion: true });
    expect(hits(await run('rates', [{ file: ATTR, rows }], { profile: allowed }))).toEqual([[3, 'end_date', 'ROW_END_BEFORE_START']]);
    expect(hits(await run('rates', [{ file: TIER, rows: [{ upper_bound: '0' }, { tier: '1.5' }] }]))).toEqual([
      [2, 'upper_bound', 'ROW_END_BEFORE_START'],
      [3, 'tier', 'FIELD_NOT_INTEGER'],
    ]);
  });

  test('rates: the deprecated peak events file is named as such, not as unknown', async () => {
    const r = await run('rates', [{ file: ATTR, rows: [{}], as: 'opwr_demo_res_1-15-0_peak_events_20250201000000.tsv' }]);
    expect(hits(r)).toEqual([[null, null, 'FILE_TYPE_DEPRECATED']]);
  });

  test('unsubscribe: quoted fields, a quote left open, a wrong number of fields; .csv draws no compression warning', async () => {
    const r = await run('unsubscribe', [{ file: UNSUB, rows: [{ address: '"ann@example.com"' }, { address: '"ann@example.com' }, { occurred_on: '2025-01-05,x' }, { address: 'ann example.com' }] }]);
    expect(hits(r)).toEqual([
      [3, null, 'ROW_BAD_QUOTE'],
      [4, null, 'ROW_TOO_MANY_FIELDS'],
      [5, 'address', 'FIELD_BAD_EMAIL'],
    ]);
  });
});
