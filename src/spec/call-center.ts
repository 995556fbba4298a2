/**
 * Call Center, version 1-11-0 (shared/spec/supplemental.md §D). One file of calls. Only the start of the field
 * table was readable; the file format and name are Intake's, following the other supplemental standards.
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, when } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const C = block('Call', 'supplemental §D');
const TS = 'yyyyMMdd HHmmss';

export const CALL_COLUMNS: readonly ColumnSpec[] = [
  C('customer_id', 'string', OPTIONAL, 'documented', 'Customer id as in the billed-usage files; send it whenever available.'),
  C('premise_id', 'string', OPTIONAL, 'documented', 'Premise id as in the billed-usage files; send it whenever available.'),
  C('phone_number', 'phone', REQUIRED, 'documented', 'Number the customer called from: (xxx) xxx-xxxx, xxxxxxxxxx, xxx-xxx-xxxx or x-xxx-xxx-xxxx.', { pii: true }),
  C('start_tstamp', 'timestamp', REQUIRED, 'documented', 'When the call began.', { format: TS }),
  C('end_tstamp', 'timestamp', when('duration is empty'), 'documented', 'When the call ended; may be empty when duration is given.', { format: TS }),
  // Unit and type not visible: whole seconds, 0–86400 (Intake); needed when end_tstamp is empty (derived).
  C('duration', 'integer', when('end_tstamp is empty', 'intake'), 'intake', 'Length of the call in whole seconds (unit, type and range Intake).', { min: 0, max: 86400 }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'end-or-duration', scope: 'row', source: 'documented', specRef: 'supplemental §D', text: 'end_tstamp may be empty only when duration is given.', codes: ['ROW_ONE_OF_REQUIRED'] },
  { id: 'end-after-start', scope: 'row', source: 'intake', specRef: 'supplemental §D', text: 'end_tstamp is not before start_tstamp.', codes: ['ROW_END_BEFORE_START'] },
  { id: 'format', scope: 'file', source: 'intake', specRef: 'supplemental §D', text: 'The file format and name were not readable: tab-separated like the other supplemental files, named opwr_<utility>_[<population>_]<version>_call_center_<stamp>.<gz or zip>.', codes: ['FILE_NAME_INVALID'] },
];

export const CALL_CENTER: StandardSpec = deepFreeze({
  id: 'call-center',
  title: 'Call Center',
  version: '1-11-0',
  docRef: 'shared/spec/supplemental.md §D',
  summary: 'Calls customers made to the utility: who, from which number, when and how long.',
  fileName: {
    pattern: 'opwr_<utility>_[<population>_]<version>_call_center_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: true,
    // Name not documented: the population token is accepted but not demanded (Intake).
    populationOptional: true,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      // Token not documented: call_center (Intake).
      id: 'calls', title: 'Calls', nameToken: 'call_center',
      keyColumns: ['phone_number', 'start_tstamp'], blocks: ['Call'], columns: CALL_COLUMNS,
      rowRules: [
        { kind: 'one-of', columns: ['end_tstamp', 'duration'], source: 'documented' },
        { kind: 'order', start: 'start_tstamp', end: 'end_tstamp', strict: false, source: 'intake' },
      ],
    },
  ],
  layouts: [{ id: 'calls', fileTypes: ['calls'], description: 'One file of calls.' }],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '1-11-0', date: '2022-04-11', change: 'Naming conventions clarified.' },
    { version: '1-10-0', date: '2021-11-23', change: 'Field table in two-column layout; zip holds one file.' },
    { version: '1-9-0', date: '2021-11-23', change: 'Retention-policy text moved.' },
    { version: '1-8-0', date: '2019-11-12', change: 'File extensions clarified.' },
    { version: '1-7-0', date: '2018-12-21', change: 'Editorial.' },
    { version: '1-6-0', date: '2018-05-08', change: 'Retention: regional differences.' },
    { version: '1-5-0', date: '2018-03-19', change: 'Valid end-of-line separators.' },
    { version: '1-4-0', date: '2018-03-02', change: 'Transfer process, upload errors, retention.' },
    { version: '1-3-0', date: '2017-03-31', change: 'Data obligations.' },
    { version: '1-2-0', date: '2017-02-09', change: 'Document number, branding.' },
    { version: '1-1-0', date: '2017-01-11', change: 'Legal notices, branding.' },
  ],
});
