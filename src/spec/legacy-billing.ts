/**
 * Legacy Billing, version 1-19-0 (shared/spec/legacy-billing.md, completed by spec/DECISIONS.md).
 * Documented columns come first in each block; columns after the documented prefix are Intake's completion.
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, REQUIRED_INTAKE, when } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const C = block('Customer', 'legacy-billing §7.1');
const A = block('Account', 'legacy-billing §7.2');
const S = block('ServicePoint', 'legacy-billing §7.3');
const U = block('Usage', 'legacy-billing §7.4');

export const CUSTOMER_TYPES = ['RESIDENTIAL', 'BUSINESS'] as const;
export const METER_TYPES = ['AMI', 'AMR', 'MANUAL'] as const;
export const METER_UNITS = ['KWH', 'THERMS', 'CCF', 'HCF', 'GALLONS'] as const;
export const ESTIMATE_FLAGS = ['A', 'E', 'U'] as const;
export const DELETION_FLAGS = ['true', '1', 't'] as const;

export const CUSTOMER_BLOCK: readonly ColumnSpec[] = [
  C('customer_id', 'string', REQUIRED, 'documented', 'Customer identifier the customer recognises; shown on communications and used for web sign-up and CSR search.'),
  C('premise_id', 'string', REQUIRED, 'documented', 'Site occupied by the customer; one customer per premise at a time, several service points (one per fuel).'),
  C('secondary_id', 'string', OPTIONAL, 'documented', 'Alternate customer id shown instead of customer_id when customers do not know the latter.'),
  C('ccb_account_id', 'string', when('the utility profile sets usesCcb'), 'documented', 'Account id in Oracle Utilities Customer Care and Billing; required for CCB users.'),
  C('mail_address_line_1', 'string', REQUIRED_INTAKE, 'documented', 'First line of the mailing address.', { pii: true }),
  C('mail_address_line_2', 'string', OPTIONAL, 'intake', 'Second line of the mailing address.', { pii: true }),
  C('mail_city', 'string', REQUIRED_INTAKE, 'intake', 'City of the mailing address.'),
  C('mail_state', 'state', REQUIRED_INTAKE, 'intake', 'Two-letter state code of the mailing address.', { maxLength: 2 }),
  C('mail_zip_code', 'zip', REQUIRED_INTAKE, 'intake', 'ZIP code of the mailing address: 12345, 12345-6789 or 123456789.'),
  C('customer_type', 'enum', REQUIRED_INTAKE, 'intake', 'RESIDENTIAL or BUSINESS.', { allowed: CUSTOMER_TYPES }),
  C('business_name', 'string', when('customer_type is BUSINESS', 'intake'), 'intake', 'Name of the business; required for BUSINESS customers.'),
  C('first_name', 'string', when('customer_type is RESIDENTIAL', 'intake'), 'intake', 'First name; required for RESIDENTIAL customers.', { pii: true }),
  C('last_name', 'string', when('customer_type is RESIDENTIAL', 'intake'), 'intake', 'Last name; required for RESIDENTIAL customers.', { pii: true }),
  C('email', 'email', OPTIONAL, 'intake', 'E-mail address; must look like an address.', { pii: true }),
  C('phone', 'phone', OPTIONAL, 'intake', 'Phone number: 10 digits, punctuation allowed.', { pii: true }),
  C('language', 'language', OPTIONAL, 'intake', 'Preferred language as a two-letter code (en, es, …).', { maxLength: 2 }),
];

export const ACCOUNT_BLOCK: readonly ColumnSpec[] = [
  A('account_id', 'string', REQUIRED, 'documented', "The utility's unique account id: one person's contract for one service at one location."),
  A('active_date', 'date', REQUIRED, 'documented', 'Activation date (start of the first usage period); never changes for an account.', { format: 'yyyyMMdd' }),
  A('inactive_date', 'date', OPTIONAL, 'documented', 'Termination date; empty means the account is active.', { format: 'yyyyMMdd' }),
  A('is_account_deletion', 'enum', OPTIONAL, 'documented', 'Asks to delete the account: empty, or true/1/t — only when the profile sets allowAccountDeletion.', { allowed: DELETION_FLAGS }),
  A('read_cycle', 'string', OPTIONAL, 'documented', 'Alphanumeric code of the time of month when the meter is read.'),
  A('rate_code', 'string', OPTIONAL, 'intake', "The account's rate code."),
];

export const SERVICE_POINT_BLOCK: readonly ColumnSpec[] = [
  S('service_point_id', 'string', REQUIRED, 'documented', 'Unchanging id of the device location where service is delivered.'),
  S('service_house_number', 'string', REQUIRED, 'documented', 'House number of the service address, e.g. 123.', { pii: true }),
  S('service_street_name', 'string', REQUIRED, 'documented', 'Street name with pre-direction and suffix, e.g. W 24th St NE.'),
  S('service_unit', 'string', when('the premise has several units (warning when service points share a street address without units)'), 'documented', 'Unit number, e.g. 2A; required for multi-unit premises.'),
  S('service_city', 'string', REQUIRED, 'documented', 'City of the service point, without the state.'),
  S('service_state', 'state', REQUIRED, 'documented', 'Two-character state code, e.g. VA.', { maxLength: 2 }),
  S('service_zip_code', 'zip', REQUIRED, 'documented', 'ZIP or ZIP+4: 12345, 12345-6789 or 123456789.'),
  S('meter_type', 'enum', OPTIONAL, 'intake', 'AMI, AMR or MANUAL.', { allowed: METER_TYPES }),
  S('meter_unit', 'enum', REQUIRED_INTAKE, 'intake', 'Unit of usage_value for this service point.', { allowed: METER_UNITS }),
  S('bldg_sq_foot', 'integer', OPTIONAL, 'intake', 'Building square footage without garage, unfinished basement or porch; a whole number 1–100000.', { min: 1, max: 100000 }),
];

const USAGE_VALUE = U('usage_value', 'decimal', REQUIRED, 'documented', 'Metered usage in the meter unit; no commas; > 0 and ≤ 999999999 (zero is a warning; negative only with allowNegativeUsage).', { max: 999999999 });
const USAGE_REST: readonly ColumnSpec[] = [
  U('date_to', 'date', REQUIRED, 'documented', 'Last day of the read period.', { format: 'yyyyMMdd' }),
  U('duration', 'integer', REQUIRED, 'documented', 'Days covered, whole days 1–400 (Intake); start = date_to − duration + 1.', { min: 1, max: 400 }),
  U('is_estimate', 'enum', REQUIRED, 'documented', 'A actual, E estimated, U user-reported (counts as an estimate).', { allowed: ESTIMATE_FLAGS }),
  U('usage_charge', 'decimal', OPTIONAL, 'intake', 'Amount billed for this usage; at most 2 decimal places; negative is a warning.', { maxDecimals: 2 }),
];

export const USAGE_BLOCK: readonly ColumnSpec[] = [
  U('service_point_id', 'string', REQUIRED, 'documented', 'Service point of the read; must be known from the customer data.'),
  USAGE_VALUE,
  ...USAGE_REST,
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'zip', scope: 'row', source: 'documented', specRef: 'legacy-billing §7.3', text: 'ZIP codes are 12345, 12345-6789 or 123456789.', codes: ['FIELD_BAD_ZIP'] },
  { id: 'state', scope: 'row', source: 'documented', specRef: 'legacy-billing §7.3', text: 'State codes have exactly two letters.', codes: ['FIELD_BAD_STATE'] },
  { id: 'customer-type', scope: 'row', source: 'intake', specRef: 'DECISIONS Legacy billing', text: 'business_name is required for BUSINESS; first_name and last_name for RESIDENTIAL.', codes: ['ROW_CONDITIONAL_REQUIRED'] },
  { id: 'contact', scope: 'row', source: 'intake', specRef: 'DECISIONS Legacy billing', text: 'email must look like an address; phone has 10 digits; language is a two-letter code.', codes: ['FIELD_BAD_EMAIL', 'FIELD_BAD_PHONE', 'FIELD_BAD_LANGUAGE'] },
  { id: 'ccb', scope: 'row', source: 'documented', specRef: 'legacy-billing §7.1', text: 'ccb_account_id is required when the profile says usesCcb.', codes: ['ROW_CONDITIONAL_REQUIRED'] },
  { id: 'account-dates', scope: 'row', source: 'intake', specRef: 'DECISIONS Legacy billing', text: 'active_date ≤ inactive_date when both are set.', codes: ['ROW_DATES_ORDER'] },
  { id: 'deletion', scope: 'row', source: 'documented', specRef: 'legacy-billing §7.2', text: 'is_account_deletion is empty, or true/1/t and only when the profile allows deletion.', codes: ['ROW_DELETION_NOT_ALLOWED'] },
  { id: 'usage-value', scope: 'row', source: 'documented', specRef: 'legacy-billing §7.4', text: 'usage_value > 0 and ≤ 999999999; zero is a warning (Intake); negative is an error unless allowNegativeUsage.', codes: ['FIELD_OUT_OF_RANGE', 'USAGE_ZERO', 'USAGE_NEGATIVE'] },
  { id: 'duration-cycle', scope: 'row', source: 'intake', specRef: 'DECISIONS Legacy billing', text: 'duration near monthly (25–35), bi-monthly (55–65), quarterly (85–95) or annual (360–370); otherwise a warning.', codes: ['USAGE_ODD_CYCLE'] },
  { id: 'usage-charge', scope: 'row', source: 'intake', specRef: 'DECISIONS Legacy billing', text: 'usage_charge has at most 2 decimals; a negative charge is a warning.', codes: ['FIELD_TOO_MANY_DECIMALS', 'USAGE_NEGATIVE_CHARGE'] },
  { id: 'read-order', scope: 'entity', source: 'documented', specRef: 'legacy-billing §6', text: 'Reads of a service point run oldest to newest.', codes: ['READ_OUT_OF_ORDER'] },
  { id: 'exact-correction', scope: 'entity', source: 'documented', specRef: 'legacy-billing §6', text: 'The same service point and period twice: the later row is a correction (info).', codes: ['READ_CORRECTION'] },
  { id: 'overlap', scope: 'entity', source: 'documented', specRef: 'legacy-billing §6', text: 'An overlapping overwrite ends after the latest read, is longer, and starts where an existing period starts; any other overlap is an error.', codes: ['READ_OVERLAP', 'READ_OVERLAPPING_OVERWRITE'] },
  { id: 'last-record-wins', scope: 'entity', source: 'documented', specRef: 'legacy-billing §6', text: 'Repeated customer, account or service point records: the last one wins (info).', codes: ['ENTITY_REPEATED'] },
  { id: 'active-date-stable', scope: 'entity', source: 'documented', specRef: 'legacy-billing §7.2', text: 'active_date of an account never changes.', codes: ['ACCOUNT_ACTIVE_DATE_CHANGED'] },
  { id: 'one-customer-per-premise', scope: 'entity', source: 'documented', specRef: 'legacy-billing §3', text: 'A service point has one customer and one premise at a time.', codes: ['SERVICE_POINT_REASSIGNED'] },
  { id: 'multi-unit', scope: 'entity', source: 'documented', specRef: 'legacy-billing §7.3', text: 'Several service points at one street address should carry service_unit.', codes: ['SERVICE_UNIT_MISSING'] },
  { id: 'known-service-point', scope: 'delivery', source: 'documented', specRef: 'legacy-billing §8 X7', text: 'Every usage service_point_id appears in the customer data of the delivery or of what is already loaded.', codes: ['USAGE_UNKNOWN_SERVICE_POINT'] },
  { id: 'layout', scope: 'delivery', source: 'documented', specRef: 'legacy-billing §4', text: 'A delivery is either one full file or a customer file with a usage file.', codes: ['DELIVERY_LAYOUT'] },
];

export const LEGACY_BILLING: StandardSpec = deepFreeze({
  id: 'legacy-billing',
  title: 'Legacy Billing',
  version: '1-19-0',
  docRef: 'shared/spec/legacy-billing.md',
  summary: 'Customers, accounts, service points and billed usage reads: the legacy core standard.',
  fileName: {
    pattern: 'opwr_<utility>_<population>_<version>_<full|customer|usage>_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: true,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      id: 'customer', title: 'Customer, account and service point', nameToken: 'customer', layout: 'two-file',
      keyColumns: ['account_id', 'service_point_id'],
      blocks: ['Customer', 'Account', 'ServicePoint'],
      columns: [...CUSTOMER_BLOCK, ...ACCOUNT_BLOCK, ...SERVICE_POINT_BLOCK],
    },
    {
      id: 'usage', title: 'Usage', nameToken: 'usage', layout: 'two-file',
      keyColumns: ['service_point_id', 'date_to', 'duration'],
      blocks: ['Usage'],
      columns: USAGE_BLOCK,
    },
    {
      // Single file: the Usage block's service_point_id is not repeated (Intake).
      id: 'full', title: 'Single file: customer, account, service point and usage', nameToken: 'full', layout: 'single-file',
      keyColumns: ['account_id', 'service_point_id', 'date_to', 'duration'],
      blocks: ['Customer', 'Account', 'ServicePoint', 'Usage'],
      columns: [...CUSTOMER_BLOCK, ...ACCOUNT_BLOCK, ...SERVICE_POINT_BLOCK, USAGE_VALUE, ...USAGE_REST],
    },
  ],
  layouts: [
    { id: 'two-file', fileTypes: ['customer', 'usage'], description: 'A customer file (customer, account, service point) and a usage file.' },
    { id: 'single-file', fileTypes: ['full'], description: 'One file with every block; usage rows repeat the customer data.' },
  ],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '1-19-0', date: '2022-04-11', change: 'File naming page clarified: file-name length limit and required name components.' },
    { version: '1-18-0', date: '2021-11-23', change: 'Zip files must contain only one file each.' },
    { version: '1-17-0', date: '2021-09-14', change: 'usage_value may be negative (with configuration).' },
    { version: '1-16-0', date: '2021-06-09', change: 'Descriptions of customer_type and business_name clarified.' },
    { version: '1-15-0', date: '2021-05-12', change: 'More inclusive wording.' },
    { version: '1-14-0', date: '2020-10-09', change: 'customer_type description clarified.' },
    { version: '1-13-0', date: '2020-05-14', change: 'File retention policy moved to a more prominent place.' },
    { version: '1-12-0', date: '2019-11-12', change: 'Rebranded as legacy; file extensions clarified; service_unit required for multi-unit premises.' },
    { version: '1-11-0', date: '2019-06-14', change: 'customer_type allowed values updated; purpose of duration clarified.' },
    { version: '1-10-0', date: '2019-04-10', change: 'No commas in usage_value; supported values of customer_type, meter_type, meter_unit updated.' },
  ],
});
