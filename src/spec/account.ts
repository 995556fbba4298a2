/**
 * Account Data (shared/spec/account.md). Three files: the main account file (Account, Person, Service
 * Agreement and Service Agreement Rate groups on one row), the person address file and the service agreement ↔
 * service point file. The version history was not read, so the version is Intake's (see versionSource).
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, REQUIRED_INTAKE, when } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const A = block('Account', 'account §6.1');
const P = block('Person', 'account §6.2');
const G = block('ServiceAgreement', 'account §6.3');
const R = block('ServiceAgreementRate', 'account §6.4');
const D = block('PersonAddress', 'account §6.5');
const X = block('ServiceAgreementServicePoint', 'account §6.6');

export const CUSTOMER_CLASSES = ['AGRICULTURAL', 'COMMERCIAL', 'INDUSTRIAL', 'RESIDENTIAL', 'SMB', 'OTHER'] as const;
export const PERSON_TYPES = ['Person', 'Business'] as const;
// "Supported Boolean Formats" was not read; Y/N as documented for billing's print flag (Intake).
export const MAIN_CUSTOMER_FLAGS = ['Y', 'N'] as const;
export const USAGE_FLAGS = ['+', '-', 'c'] as const;

const ISO = 'YYYY-MM-DD[Thh:mm:ss][±hh:mm]';

// Group order Account → Person → Service Agreement → Rate follows the documented page order (Intake: not stated).
export const ACCOUNT_GROUP: readonly ColumnSpec[] = [
  A('account_id', 'string', REQUIRED, 'documented', "Primary key: the account's main identifier; billing_bill.account_id refers to it.", { maxLength: 40 }),
  A('account_name', 'string', OPTIONAL, 'documented', 'Human-friendly account name shown in product UIs.', { maxLength: 40 }),
  A('setup_datetime', 'iso-datetime', REQUIRED, 'documented', 'Date the account was set up.', { format: ISO }),
  A('customer_class', 'enum', OPTIONAL, 'documented', 'Customer segment; empty means RESIDENTIAL.', { allowed: CUSTOMER_CLASSES }),
  A('bill_cycle_code', 'string', OPTIONAL, 'documented', 'Code of the time of month the meter is read, e.g. M01; filling it is preferred.', { maxLength: 24 }),
  // Type and requiredness not visible: optional text of up to 255 characters (Intake).
  A('bill_cycle_description', 'string', OPTIONAL, 'intake', 'Description of the bill cycle (type, length and requiredness Intake).', { maxLength: 255 }),
];

export const PERSON_GROUP: readonly ColumnSpec[] = [
  P('person_id', 'string', REQUIRED, 'documented', 'Primary key: the person id in the system of record; address rows join on it.', { maxLength: 40 }),
  P('person_type', 'enum', REQUIRED, 'documented', 'Person or Business.', { allowed: PERSON_TYPES }),
  P('first_name', 'string', when('person_type is Person and last_name is empty'), 'documented', 'First name; a Person needs first_name or last_name.', { maxLength: 408, pii: true }),
  P('last_name', 'string', when('person_type is Person and first_name is empty'), 'documented', 'Last name; a Person needs first_name or last_name.', { maxLength: 408, pii: true }),
  P('business_name', 'string', when('person_type is Business and first_name and last_name are empty'), 'documented', 'Name of the business; a Business needs it unless a first or last name is given.', { maxLength: 408 }),
  P('language_preference', 'locale', OPTIONAL, 'documented', 'Language and country pair, e.g. en_US.', { maxLength: 5, format: 'll_CC' }),
  // Type, values and requiredness not visible: an optional Y/N flag (Intake).
  P('is_main_customer', 'enum', OPTIONAL, 'intake', "Y when this person is the account's main customer (values and requiredness Intake).", { allowed: MAIN_CUSTOMER_FLAGS }),
  // The phone and e-mail column sets (_1, _2, _3) exist but their names were not readable: not listed (Intake).
];

export const SERVICE_AGREEMENT_GROUP: readonly ColumnSpec[] = [
  G('service_agreement_id', 'string', REQUIRED, 'documented', 'Primary key; billing segments and the SA-SP file refer to it.', { maxLength: 40 }),
  G('service_agreement_name', 'string', OPTIONAL, 'documented', 'Human-friendly service agreement name.', { maxLength: 40 }),
  G('service_agreement_start_datetime', 'iso-datetime', REQUIRED, 'documented', 'Start of the service agreement.', { format: ISO }),
  G('service_agreement_end_datetime', 'iso-datetime', OPTIONAL, 'documented', 'End of the service agreement; empty means active; empty or later than the start.', { format: ISO }),
  G('service_agreement_type_code', 'string', OPTIONAL, 'documented', 'Extra SA characteristics: residential, budget billing, solar, EV, …', { maxLength: 8 }),
  // Type not visible: optional text of up to 255 characters (Intake).
  G('service_agreement_type_description', 'string', OPTIONAL, 'intake', 'Description of the SA type code (type and requiredness Intake).', { maxLength: 255 }),
  // Referenced by the docs but not shown: placed after the visible prefix, optional text like the type code (Intake).
  G('service_type_code', 'string', OPTIONAL, 'intake', 'Service type of the agreement (column documented; position, type and requiredness Intake).', { maxLength: 8 }),
];

export const RATE_GROUP: readonly ColumnSpec[] = [
  R('sa_rate_code', 'string', REQUIRED, 'documented', 'Rate that calculates the SA\'s bill segments, as in force at extract time.', { maxLength: 40 }),
  R('effective_datetime', 'iso-datetime', REQUIRED, 'documented', 'When the rate takes effect; resending a value corrects that rate-history entry.', { format: ISO }),
  R('service_agreement_rate_updated_at', 'iso-datetime', OPTIONAL, 'documented', 'When the record last changed in the source system.', { format: ISO }),
];

export const PERSON_ADDRESS_COLUMNS: readonly ColumnSpec[] = [
  D('person_id', 'string', REQUIRED, 'documented', 'Person the address belongs to; only the newest address per person is kept.', { maxLength: 40 }),
  D('mail_address_1', 'string', REQUIRED, 'documented', 'Mailing address line 1.', { maxLength: 254, pii: true }),
  D('mail_address_2', 'string', OPTIONAL, 'documented', 'Mailing address line 2.', { maxLength: 254, pii: true }),
  D('mail_address_3', 'string', OPTIONAL, 'documented', 'Mailing address line 3.', { maxLength: 254, pii: true }),
  D('mail_address_4', 'string', OPTIONAL, 'documented', 'Mailing address line 4.', { maxLength: 254, pii: true }),
  D('locality', 'string', REQUIRED, 'documented', 'City of the mailing address.', { maxLength: 90 }),
  D('mail_postal_code', 'string', REQUIRED, 'documented', 'Postal code.', { maxLength: 12 }),
  D('admin_area_1', 'string', REQUIRED, 'documented', 'First-level subdivision, e.g. a US state.', { maxLength: 90 }),
  D('admin_area_2', 'string', OPTIONAL, 'documented', 'Second-level subdivision, e.g. a county.', { maxLength: 90 }),
  D('admin_area_3', 'string', OPTIONAL, 'documented', 'Third-level subdivision, e.g. a neighbourhood.', { maxLength: 90 }),
  D('country', 'country', OPTIONAL, 'documented', 'ISO 3166-1 alpha-2 country code.', { maxLength: 2 }),
  D('person_address_updated_at', 'iso-datetime', OPTIONAL, 'documented', 'When the record last changed in the source system.', { format: ISO }),
];

export const SA_SP_COLUMNS: readonly ColumnSpec[] = [
  X('service_agreement_id', 'string', REQUIRED, 'documented', 'Service agreement; joins to the main account file.', { maxLength: 40 }),
  X('service_point_id', 'string', REQUIRED, 'documented', 'Service point served under the SA; joins to the Premise data file.', { maxLength: 40 }),
  X('service_point_name', 'string', OPTIONAL, 'documented', 'Human-friendly service point name.', { maxLength: 40 }),
  X('usage_flag', 'enum', REQUIRED, 'documented', '+ adds the SP\'s usage to the SA total, - subtracts it, c is informational only.', { allowed: USAGE_FLAGS }),
  // Type not visible: a percentage 0–100 with up to 2 decimals, optional (empty = 100 %) (Intake).
  X('usage_percent', 'decimal', OPTIONAL, 'intake', "Share of the SP's usage counted for this SA, e.g. 50 (type, range and requiredness Intake).", { min: 0, max: 100, maxDecimals: 2 }),
  // Part of the correction key, so required; ISO date-time like the other Account dates; position 6 (Intake).
  X('sa_sp_start_date', 'iso-datetime', REQUIRED_INTAKE, 'intake', 'Start of the SA-SP relationship; part of the correction key (position, type and requiredness Intake).', { format: ISO }),
  X('sa_sp_end_date', 'iso-datetime', OPTIONAL, 'intake', 'End of the relationship; empty or later than the start (position and type Intake).', { format: ISO }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'person-name', scope: 'row', source: 'documented', specRef: 'account §6.2', text: 'A Person has first_name or last_name; a Business has business_name, or else a first or last name.', codes: ['ROW_ONE_OF_REQUIRED'] },
  { id: 'group-order', scope: 'file', source: 'intake', specRef: 'account §1', text: 'The main file carries its groups in the order of the documentation pages: Account, Person, Service Agreement, Service Agreement Rate; columns past the readable prefix of a group are Intake\'s or left out.', codes: ['HEADER_ORDER', 'HEADER_EXTRA_COLUMN_END'] },
  { id: 'end-after-start', scope: 'row', source: 'documented', specRef: 'account §4', text: 'Wherever an entity has a start and an end, the end is empty or strictly later than the start (service agreements, SA-SP relationships).', codes: ['ROW_END_BEFORE_START'] },
  { id: 'formats', scope: 'row', source: 'documented', specRef: 'account §7', text: 'language_preference is ll_CC; country has two letters; usage_flag is +, - or c.', codes: ['FIELD_BAD_LOCALE', 'FIELD_BAD_COUNTRY', 'FIELD_BAD_ENUM'] },
  { id: 'sa-sp-overlap', scope: 'entity', source: 'documented', specRef: 'account §4', text: 'SA-SP ranges of one service agreement and service point do not overlap; the same start again is a correction. An empty end is open-ended.', codes: ['SA_SP_OVERLAP'] },
  { id: 'person-reference', scope: 'delivery', source: 'documented', specRef: 'account §7', text: 'Every person_address.person_id exists in the main account file, when it is part of the delivery.', codes: ['ACCOUNT_UNKNOWN_PERSON'] },
  { id: 'sa-reference', scope: 'delivery', source: 'documented', specRef: 'account §7', text: 'Every sa_sp.service_agreement_id exists in the main account file, when it is part of the delivery.', codes: ['ACCOUNT_UNKNOWN_SERVICE_AGREEMENT'] },
  { id: 'version', scope: 'file', source: 'intake', specRef: 'account (version history not read)', text: 'The current version is not documented: Intake expects 2-0-0 and reports any other version as a warning.', codes: ['FILE_VERSION_UNCONFIRMED'] },
];

export const ACCOUNT: StandardSpec = deepFreeze({
  id: 'account',
  title: 'Account Data',
  version: '2-0-0',
  // The Account Data version history was not read; 2-0-0 follows the v2 series of Billing and Premise (Intake).
  versionSource: 'intake',
  docRef: 'shared/spec/account.md',
  summary: 'Accounts with their persons, service agreements and rates; mailing addresses; service agreement ↔ service point history.',
  fileName: {
    pattern: 'opwr_<utility>_<version>_<billing_account|billing_account_address|billing_account_sa_sp>_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: false,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      // Read first so the address and SA-SP files can be checked against its persons and agreements.
      id: 'main', title: 'Main account file: account, person, service agreement and rate', nameToken: 'billing_account', fileOrder: 0,
      keyColumns: ['account_id', 'person_id', 'service_agreement_id', 'effective_datetime'],
      blocks: ['Account', 'Person', 'ServiceAgreement', 'ServiceAgreementRate'],
      columns: [...ACCOUNT_GROUP, ...PERSON_GROUP, ...SERVICE_AGREEMENT_GROUP, ...RATE_GROUP],
      rowRules: [
        { kind: 'one-of', columns: ['first_name', 'last_name'], when: { column: 'person_type', value: 'Person' }, source: 'documented' },
        { kind: 'one-of', columns: ['business_name', 'first_name', 'last_name'], when: { column: 'person_type', value: 'Business' }, source: 'documented' },
        { kind: 'order', start: 'service_agreement_start_datetime', end: 'service_agreement_end_datetime', strict: true, source: 'documented' },
      ],
    },
    {
      id: 'address', title: 'Person address', nameToken: 'billing_account_address',
      keyColumns: ['person_id'], blocks: ['PersonAddress'], columns: PERSON_ADDRESS_COLUMNS,
      references: [{ columns: ['person_id'], target: 'main', targetColumns: ['person_id'], code: 'ACCOUNT_UNKNOWN_PERSON', source: 'documented' }],
    },
    {
      id: 'sa-sp', title: 'Service agreement ↔ service point', nameToken: 'billing_account_sa_sp',
      keyColumns: ['service_agreement_id', 'service_point_id', 'sa_sp_start_date'], blocks: ['ServiceAgreementServicePoint'], columns: SA_SP_COLUMNS,
      rowRules: [{ kind: 'order', start: 'sa_sp_start_date', end: 'sa_sp_end_date', strict: true, source: 'documented' }],
      timeline: { key: ['service_agreement_id', 'service_point_id'], start: 'sa_sp_start_date', end: 'sa_sp_end_date', overlapCode: 'SA_SP_OVERLAP', source: 'documented' },
      references: [{ columns: ['service_agreement_id'], target: 'main', targetColumns: ['service_agreement_id'], code: 'ACCOUNT_UNKNOWN_SERVICE_AGREEMENT', source: 'documented' }],
    },
  ],
  layouts: [
    { id: 'account', fileTypes: ['main', 'address', 'sa-sp'], description: 'The main account file, with the address and SA-SP files the delivery team asks for.' },
  ],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '2-0-0', date: 'not stated', change: 'Intake\'s assumed current version; the Account Data version history was not read.' },
  ],
});
