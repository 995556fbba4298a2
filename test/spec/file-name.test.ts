/** File names of every standard: [name, standard, file type, problem codes]. */
import { describe, expect, test } from 'vitest';
import { parseFileName } from '../../src/spec/file-name.js';
import { findStandard } from '../../src/spec/registry.js';

type Row = [name: string, standard: string | undefined, fileType: string | undefined, codes: string[]];

describe('parseFileName', () => {
  test.each<Row>([
    // Billing and account have no population token; their data-type tokens hold underscores.
    ['opwr_gec_2-0-3_billing_bill_20250131235959.gz', 'billing', 'bill', []],
    ['opwr_gec_v2-0-3_billing_billsegment_20250131235959.zip', 'billing', 'bill-segment', []],
    ['opwr_gec_2-0-3_billing_lineitem_20250131235959.gz', 'billing', 'line-item', []],
    ['opwr_gec_2-0-3_billing_servicequantity_20250131235959.gz', 'billing', 'service-quantity', []],
    ['opwr_gec_res_2-0-3_billing_bill_20250131235959.gz', 'billing', 'bill', ['FILE_NAME_INVALID']],
    ['opwr_gec_2-0-2_billing_bill_20250131235959.gz', 'billing', 'bill', ['FILE_VERSION_OLD']],
    ['opwr_gec_9-9-9_billing_bill_20250131235959.gz', 'billing', 'bill', ['FILE_VERSION_UNKNOWN']],
    ['opwr_gec_2-0-0_billing_account_20250131235959.gz', 'account', 'main', []],
    ['opwr_gec_2-0-0_billing_account_address_20250131235959.gz', 'account', 'address', []],
    ['opwr_gec_2-0-0_billing_account_sa_sp_20250131235959.gz', 'account', 'sa-sp', []],
    // Account's version is Intake's assumption: another version is a warning only.
    ['opwr_gec_2-1-0_billing_account_20250131235959.gz', 'account', 'main', ['FILE_VERSION_UNCONFIRMED']],
    ['opwr_gec_2-0-7_premise_20250131235959.gz', 'premise', 'premise', []],
    // Supplemental standards with an undocumented name pattern take the population token or leave it out.
    ['opwr_gec_res_1-14-0_program_participation_definition_20250131235959.gz', 'program-participation', 'definition', []],
    ['opwr_gec_1-14-0_program_participation_20250131235959.gz', 'program-participation', 'participation', []],
    ['opwr_gec_nonres-smb_1-11-0_call_center_20250131235959.gz', 'call-center', 'calls', []],
    ['opwr_gec_1-11-0_call_center_20250131235959.gz', 'call-center', 'calls', []],
    // Unsubscribe: documented as .csv with a <tier> token after the channel.
    ['opwr_gec_res_1-9-0_email-address-event-v1_t1_20250131235959.csv', 'unsubscribe', 'email', []],
    ['opwr_gec_res_1-9-0_email-address-event-v1_t1_20250131235959.csv.gz', 'unsubscribe', 'email', []],
    ['opwr_gec_res_1-9-0_email-address-event-v1_t1_20250131235959.tsv', 'unsubscribe', 'email', ['FILE_NAME_INVALID']],
    ['opwr_gec_res_1-9-0_sms-address-event-v1_t1_20250131235959.csv', undefined, undefined, ['FILE_TYPE_UNKNOWN']],
    ['opwr_gec_res_1-12-0_classification_customer_definition_20250131235959.gz', 'customer-classification', 'definition', []],
    ['opwr_gec_res_1-12-0_classification_customer_20250131235959.gz', 'customer-classification', 'classification', []],
    ['opwr_gec_1-12-0_classification_customer_20250131235959.gz', 'customer-classification', 'classification', ['FILE_NAME_INVALID']],
    ['opwr_gec_res_1-15-0_customer_rates_attributes_20250131235959.gz', 'rates', 'attributes', []],
    ['opwr_gec_res_1-15-0_peak_time_rebate_baselines_20250131235959.gz', 'rates', 'baselines', []],
    ['opwr_gec_res_1-15-0_peak_time_rebates_20250131235959.gz', 'rates', 'peak-time-rebates', []],
    ['opwr_gec_res_1-15-0_rate_holidays_seasons_definition_20250131235959.gz', 'rates', 'holidays-seasons', []],
    ['opwr_gec_res_1-15-0_peak_events_20250131235959.gz', 'rates', undefined, ['FILE_TYPE_DEPRECATED']],
    // The legacy names keep working.
    ['opwr_gec_res_1-19-0_customer_20250131235959.gz', 'legacy-billing', 'customer', []],
    ['opwr_gec_res_2-0-5_interval60_20250131235959.gz', 'interval', 'interval', []],
  ])('%s', (name, standard, fileType, codes) => {
    const { parsed, problems } = parseFileName(name);
    expect(parsed.standard?.id).toBe(standard);
    expect(parsed.fileType?.id).toBe(fileType);
    expect(problems.map((p) => p.code)).toEqual(codes);
  });

  test('the unsubscribe tier is kept as the name parameter; interval minutes stay interval-only', () => {
    expect(parseFileName('opwr_gec_res_1-9-0_email-address-event-v1_gold_20250131235959.csv').parsed).toMatchObject({ nameParameter: 'gold' });
    expect(parseFileName('opwr_gec_res_1-9-0_email-address-event-v1_gold_20250131235959.csv').parsed.intervalMinutes).toBeUndefined();
  });

  test.each<[string, string | undefined, string]>([
    // Names off the convention: the longest token found between separators wins.
    ['billing_account_address 2025.tsv', undefined, 'address'],
    ['export-billing_account_sa_sp.txt', undefined, 'sa-sp'],
    ['classification_customer_definition.tsv', undefined, 'definition'],
    ['my classification_customer.tsv', undefined, 'classification'],
    ['weird.tsv', 'premise', 'premise'],
  ])('guesses the type of the non-conforming name %s', (name, forced, fileType) => {
    const { parsed, problems } = parseFileName(name, forced ? findStandard(forced) : undefined);
    expect(problems.map((p) => p.code)).toEqual(['FILE_NAME_INVALID']);
    expect(parsed.fileType?.id).toBe(fileType);
  });
});
