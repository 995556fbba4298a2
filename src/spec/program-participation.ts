/**
 * Program Participation, version 1-14-0 (shared/spec/supplemental.md §A). A definition file of program/measure
 * pairs, sent before the participation file whose rows must name a defined pair. The file-name page was not
 * readable: names follow the supplemental pattern with an optional population token (Intake).
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, REQUIRED_INTAKE } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const D = block('ProgramDefinition', 'supplemental §A.3');
const P = block('ProgramParticipation', 'supplemental §A.4');

// Field 5 names kWh, CCF and therms as the units; written upper case like legacy billing's meter_unit (Intake).
export const SAVINGS_UNITS = ['KWH', 'CCF', 'THERMS'] as const;
const DT = 'yyyyMMdd HHmm';

export const DEFINITION_COLUMNS: readonly ColumnSpec[] = [
  D('program_id', 'identifier', REQUIRED, 'documented', 'Unique program key: letters, digits, _, - and . only; one consistent letter case.', { maxLength: 40 }),
  D('program_description', 'string', OPTIONAL, 'documented', 'Purpose of the program.', { maxLength: 255 }),
  D('measure', 'identifier', REQUIRED, 'documented', 'Standard identifier of the action implemented: letters, digits, _, - and . only.', { maxLength: 255 }),
  D('measure_description', 'string', REQUIRED, 'documented', 'Description of the measure.', { maxLength: 255 }),
  D('active_date', 'datetime', OPTIONAL, 'documented', 'When the program started; a badly formatted value rejects the record.', { format: DT }),
  D('inactive_date', 'datetime', OPTIONAL, 'documented', 'When the program ended; empty means no end; new assignments after it are rejected.', { format: DT }),
];

export const PARTICIPATION_COLUMNS: readonly ColumnSpec[] = [
  P('customer_id', 'string', REQUIRED, 'documented', 'Customer id as sent in the billed-usage files.'),
  P('premise_id', 'string', REQUIRED, 'documented', 'Premise id as sent in the billed-usage files.'),
  P('program_id', 'string', REQUIRED, 'documented', 'Program key; must be defined in the definition file.', { maxLength: 40 }),
  P('measure', 'string', REQUIRED, 'documented', 'Measure implemented; should be defined for the program in the definition file.', { maxLength: 255 }),
  P('deemed_annual_savings', 'decimal', OPTIONAL, 'documented', 'Yearly energy saved for this customer, in deemed_annual_savings_unit.'),
  // Type and requiredness not visible: optional, one of the units field 5 names (Intake).
  P('deemed_annual_savings_unit', 'enum', OPTIONAL, 'intake', 'Unit of deemed_annual_savings (list and requiredness Intake).', { allowed: SAVINGS_UNITS }),
  // Type not visible: an optional decimal like the annual savings (Intake).
  P('deemed_lifetime_savings', 'decimal', OPTIONAL, 'intake', 'Lifetime savings of the measure (type and requiredness Intake).'),
  P('deemed_lifetime_savings_unit', 'enum', OPTIONAL, 'intake', 'Unit of deemed_lifetime_savings (list and requiredness Intake).', { allowed: SAVINGS_UNITS }),
  // Type not visible: years as an optional non-negative decimal (Intake).
  P('measure_life', 'decimal', OPTIONAL, 'intake', 'Expected life of the measure in years (unit, type and requiredness Intake).', { min: 0 }),
  // Format not visible: the definition file's yyyyMMdd HHmm; required, since the inactive-pair rule dates assignments by it (Intake).
  P('start_date', 'datetime', REQUIRED_INTAKE, 'intake', 'When the participation began (format and requiredness Intake).', { format: DT }),
  P('end_date', 'datetime', OPTIONAL, 'intake', 'When the participation ended; empty or later than start_date (format, requiredness and order rule Intake).', { format: DT }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'definition-first', scope: 'delivery', source: 'documented', specRef: 'supplemental §A.1', text: 'The definition file is delivered before the participation file (Intake reads it first and warns when the delivery lacks it).', codes: ['REF_TARGET_MISSING'] },
  { id: 'pp-file-name', scope: 'file', source: 'intake', specRef: 'supplemental §A.1', text: 'The naming page was not read: opwr_<utility>_[<population>_]<version>_<program_participation_definition|program_participation>_<stamp>.<gz or zip>, the population token optional.', codes: ['FILE_NAME_INVALID', 'FILE_TYPE_UNKNOWN'] },
  { id: 'identifiers', scope: 'row', source: 'documented', specRef: 'supplemental §A.3', text: 'program_id and measure of the definition file hold only letters, digits, _, - and .', codes: ['FIELD_BAD_IDENTIFIER'] },
  { id: 'defined-program', scope: 'delivery', source: 'documented', specRef: 'supplemental §A.1', text: 'A participation row whose program is not defined is rejected.', codes: ['PARTICIPATION_UNKNOWN_PROGRAM'] },
  { id: 'defined-measure', scope: 'delivery', source: 'documented', specRef: 'supplemental §A.4', text: 'The measure should be defined for that program (a warning).', codes: ['PARTICIPATION_UNKNOWN_MEASURE'] },
  { id: 'inactive-pair', scope: 'delivery', source: 'documented', specRef: 'supplemental §A.1', text: 'New assignments dated after the pair\'s inactive_date are rejected (dated by start_date: Intake).', codes: ['PARTICIPATION_PROGRAM_INACTIVE'] },
  { id: 'dates-order', scope: 'row', source: 'intake', specRef: 'supplemental §A', text: 'end_date / inactive_date is empty or later than start_date / active_date.', codes: ['ROW_END_BEFORE_START'] },
];

export const PROGRAM_PARTICIPATION: StandardSpec = deepFreeze({
  id: 'program-participation',
  title: 'Program Participation',
  version: '1-14-0',
  docRef: 'shared/spec/supplemental.md §A',
  summary: 'Energy-efficiency programs and measures, and the customers who took part in them.',
  fileName: {
    pattern: 'opwr_<utility>_[<population>_]<version>_<program_participation_definition|program_participation>_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: true,
    // The naming page was not read; the population token is accepted but not demanded (Intake).
    populationOptional: true,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      id: 'definition', title: 'Program participation definition', nameToken: 'program_participation_definition', fileOrder: 0,
      keyColumns: ['program_id', 'measure'], blocks: ['ProgramDefinition'], columns: DEFINITION_COLUMNS,
      rowRules: [{ kind: 'order', start: 'active_date', end: 'inactive_date', strict: true, source: 'intake' }],
    },
    {
      id: 'participation', title: 'Program participation', nameToken: 'program_participation',
      keyColumns: ['customer_id', 'program_id', 'measure', 'start_date'], blocks: ['ProgramParticipation'], columns: PARTICIPATION_COLUMNS,
      rowRules: [{ kind: 'order', start: 'start_date', end: 'end_date', strict: true, source: 'intake' }],
      references: [
        { columns: ['program_id'], target: 'definition', targetColumns: ['program_id'], code: 'PARTICIPATION_UNKNOWN_PROGRAM', source: 'documented', targetRequired: true },
        {
          columns: ['program_id', 'measure'], target: 'definition', targetColumns: ['program_id', 'measure'], code: 'PARTICIPATION_UNKNOWN_MEASURE', source: 'documented',
          notAfter: { column: 'start_date', targetColumn: 'inactive_date', code: 'PARTICIPATION_PROGRAM_INACTIVE' },
        },
      ],
    },
  ],
  layouts: [{ id: 'definition-first', fileTypes: ['definition', 'participation'], description: 'The definition file, then the participation file.' }],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '1-14-0', date: '2023-10-10', change: 'start_date and end_date definitions clarified.' },
    { version: '1-13-0', date: '2022-09-07', change: 'Definition-file descriptions streamlined; program_id limit stated.' },
    { version: '1-12-0', date: '2022-04-11', change: 'File-name conventions clarified (length limit, mandatory parts).' },
    { version: '1-11-0', date: '2021-11-23', change: 'Zip holds a single file.' },
    { version: '1-10-0', date: '2019-11-12', change: 'File-extension requirements clarified.' },
    { version: '1-9-0', date: '2019-01-10', change: 'Editorial restructuring.' },
    { version: '1-8-0', date: '2018-05-08', change: 'Retention: regional differences.' },
    { version: '1-7-0', date: '2018-03-19', change: 'Valid end-of-line separators stated.' },
    { version: '1-6-0', date: '2018-03-02', change: 'File-transfer process, upload-error correction, retention policy.' },
  ],
});
