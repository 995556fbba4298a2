/**
 * Unsubscribe, version 1-9-0 (shared/spec/supplemental.md §B, names from 00-process-and-transfer §5). One
 * comma-separated file per channel. Only the e-mail field table is documented, so only the e-mail channel is
 * accepted (Intake).
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, REQUIRED, REQUIRED_INTAKE } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const E = block('EmailUnsubscribe', 'supplemental §B.3');

export const EMAIL_COLUMNS: readonly ColumnSpec[] = [
  E('address', 'email', REQUIRED, 'documented', 'E-mail address the unsubscribe applies to; ASCII only.', { asciiOnly: true, pii: true }),
  // Requiredness not visible: required, since an unsubscribe without its time cannot be ordered (Intake).
  E('occurred_on', 'iso-datetime', REQUIRED_INTAKE, 'documented', 'When the unsubscribe happened, ISO 8601 (requiredness Intake).', { format: 'YYYY-MM-DDThh:mm:ss±hh:mm' }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'csv', scope: 'file', source: 'documented', specRef: 'supplemental §B.2', text: 'Comma-separated columns in the documented order, with a header naming every column even when it is empty throughout.', codes: ['ROW_TOO_FEW_FIELDS', 'ROW_TOO_MANY_FIELDS', 'HEADER_MISSING_COLUMN'] },
  { id: 'csv-quotes', scope: 'row', source: 'intake', specRef: 'supplemental §B.2', text: 'Quoting is not described: RFC 4180 quotes on one line — a quoted field may hold commas, a doubled quote inside stays doubled in the value checked, a quote left open is an error.', codes: ['ROW_BAD_QUOTE'] },
  { id: 'ascii', scope: 'row', source: 'documented', specRef: 'supplemental §B.3', text: 'address holds ASCII characters only and looks like an e-mail address.', codes: ['FIELD_NOT_ASCII', 'FIELD_BAD_EMAIL'] },
  { id: 'channels', scope: 'file', source: 'intake', specRef: 'supplemental §B.3', text: 'Only the e-mail channel is accepted; the IVR and SMS field tables are not documented.', codes: ['FILE_TYPE_UNKNOWN'] },
  { id: 'tier', scope: 'file', source: 'intake', specRef: '00-process-and-transfer §5', text: 'The <tier> token is not explained: any lower-case word of letters, digits and hyphens. Besides the documented .csv, a gzip or zip of it is accepted.', codes: ['FILE_NAME_INVALID', 'FILE_TYPE_UNKNOWN'] },
];

export const UNSUBSCRIBE: StandardSpec = deepFreeze({
  id: 'unsubscribe',
  title: 'Unsubscribe',
  version: '1-9-0',
  docRef: 'shared/spec/supplemental.md §B',
  summary: 'E-mail addresses that unsubscribed, with the time they did.',
  fileName: {
    pattern: 'opwr_<utility>_<population>_<version>_email-address-event-v1_<tier>_<yyyyMMddHHmmss>.csv',
    hasPopulation: true,
    // Documented names end .csv; gzip or zip of it is accepted as in the other standards (Intake).
    extensions: ['csv', 'gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      // <tier> is not explained by the docs: any lower-case word of letters, digits and hyphens (Intake).
      id: 'email', title: 'E-mail unsubscribes', nameToken: 'email-address-event-v1', namePattern: '^email-address-event-v1_([a-z0-9-]+)$',
      delimiter: ',', keyColumns: ['address', 'occurred_on'], blocks: ['EmailUnsubscribe'], columns: EMAIL_COLUMNS,
    },
  ],
  layouts: [{ id: 'per-channel', fileTypes: ['email'], description: 'One file per channel; Intake accepts the e-mail channel.' }],
  rules: RULES,
  phases: ['sample', 'incremental'],
  versions: [
    { version: '1-9-0', date: '2022-04-11', change: 'File-name conventions clarified (length limit, mandatory parts).' },
    { version: '1-8-0', date: '2021-11-23', change: 'Zip holds one file.' },
    { version: '1-7-0', date: '2019-11-12', change: 'File-extension requirements clarified.' },
    { version: '1-6-0', date: '2019-01-10', change: 'Editorial restructuring.' },
    { version: '1-5-0', date: '2018-05-08', change: 'Retention: regional differences.' },
    { version: '1-4-0', date: '2018-03-09', change: 'Valid end-of-line separators.' },
    { version: '1-3-0', date: '2018-03-02', change: 'File-transfer process, upload-error correction, retention policy.' },
    { version: '1-2-0', date: '2017-03-31', change: 'Utility data-obligations statement added.' },
    { version: '1-1-0', date: '2017-02-13', change: 'Document number, branding.' },
    { version: '1-0-0', date: '2017-01-11', change: 'Legal notices, branding, baseline version number, naming update.' },
  ],
});
