/**
 * Customer Classification, version 1-12-0 (shared/spec/supplemental.md §C). A definition file of classifiers
 * and their allowed values, sent before the classification file whose rows must use a defined pair.
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const D = block('ClassifierDefinition', 'supplemental §C.2');
const C = block('CustomerClassification', 'supplemental §C.3');
const DT = 'yyyyMMdd HHmm';

export const DEFINITION_COLUMNS: readonly ColumnSpec[] = [
  D('classifier', 'label', REQUIRED, 'documented', 'Classification name: letters, _, - and . only; one consistent letter case.'),
  D('classifier_description', 'string', REQUIRED, 'documented', 'What the classifier means for the utility.'),
  D('allowed_value', 'label', REQUIRED, 'documented', 'One permitted value of the classifier: letters, _, - and . only.'),
  D('allowed_value_description', 'string', REQUIRED, 'documented', 'Meaning of the value.'),
  D('inactive_date', 'datetime', OPTIONAL, 'documented', 'From this instant the value is no longer accepted; empty means valid indefinitely.', { format: DT }),
];

export const CLASSIFICATION_COLUMNS: readonly ColumnSpec[] = [
  C('customer_id', 'string', REQUIRED, 'documented', 'Customer id as sent in the billed-usage files.'),
  C('premise_id', 'string', REQUIRED, 'documented', 'Premise the customer is currently associated with, as in the billed-usage files.'),
  C('classifier', 'string', REQUIRED, 'documented', 'Classifier; must be defined in the definition file.'),
  C('value', 'string', REQUIRED, 'documented', 'Value; must be an allowed_value of the classifier.'),
  C('start_date', 'datetime', OPTIONAL, 'documented', 'When the classification begins; empty means the import date.', { format: DT }),
  C('end_date', 'datetime', OPTIONAL, 'documented', 'When the classification stops; empty means open-ended.', { format: DT }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'definition-first', scope: 'delivery', source: 'documented', specRef: 'supplemental §C.1', text: 'The definition file arrives before the classification file (Intake reads it first and warns when the delivery lacks it).', codes: ['REF_TARGET_MISSING'] },
  { id: 'labels', scope: 'row', source: 'documented', specRef: 'supplemental §C.2', text: 'classifier and allowed_value hold only letters, _, - and .', codes: ['FIELD_BAD_IDENTIFIER'] },
  { id: 'defined-classifier', scope: 'delivery', source: 'documented', specRef: 'supplemental §C.1', text: 'Rows using an undefined classifier are rejected.', codes: ['CLASSIFICATION_UNKNOWN_CLASSIFIER'] },
  { id: 'allowed-value', scope: 'delivery', source: 'documented', specRef: 'supplemental §C.3', text: 'value is an allowed_value of that classifier.', codes: ['CLASSIFICATION_UNKNOWN_VALUE'] },
  { id: 'dates-order', scope: 'row', source: 'intake', specRef: 'supplemental §C.3', text: 'end_date is empty or later than start_date.', codes: ['ROW_END_BEFORE_START'] },
  { id: 'version', scope: 'file', source: 'intake', specRef: 'supplemental §C.1', text: 'The newest version seen is 1-12-0 but the current one is not confirmed: another version is a warning.', codes: ['FILE_VERSION_UNCONFIRMED'] },
];

export const CUSTOMER_CLASSIFICATION: StandardSpec = deepFreeze({
  id: 'customer-classification',
  title: 'Customer Classification',
  version: '1-12-0',
  // The history was visible down to 1-12-0, but whether that is current is OPEN (Intake).
  versionSource: 'intake',
  docRef: 'shared/spec/supplemental.md §C',
  summary: 'Classifiers (low income, language, do-not-solicit, …) with their allowed values, and the customers they apply to.',
  fileName: {
    pattern: 'opwr_<utility>_<population>_<version>_<classification_customer_definition|classification_customer>_<yyyyMMddHHmmss>.gz',
    hasPopulation: true,
    // The pattern shows .gz; zip of one file is allowed since v1-11-0.
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      id: 'definition', title: 'Customer classification definition', nameToken: 'classification_customer_definition', fileOrder: 0,
      keyColumns: ['classifier', 'allowed_value'], blocks: ['ClassifierDefinition'], columns: DEFINITION_COLUMNS,
    },
    {
      id: 'classification', title: 'Customer classification', nameToken: 'classification_customer',
      keyColumns: ['customer_id', 'classifier', 'start_date'], blocks: ['CustomerClassification'], columns: CLASSIFICATION_COLUMNS,
      rowRules: [{ kind: 'order', start: 'start_date', end: 'end_date', strict: true, source: 'intake' }],
      references: [
        { columns: ['classifier'], target: 'definition', targetColumns: ['classifier'], code: 'CLASSIFICATION_UNKNOWN_CLASSIFIER', source: 'documented', targetRequired: true },
        { columns: ['classifier', 'value'], target: 'definition', targetColumns: ['classifier', 'allowed_value'], code: 'CLASSIFICATION_UNKNOWN_VALUE', source: 'documented' },
      ],
    },
  ],
  layouts: [{ id: 'definition-first', fileTypes: ['definition', 'classification'], description: 'The definition file, then the classification file.' }],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '1-12-0', date: '2022-04-11', change: 'File-name conventions clarified.' },
    { version: '1-11-0', date: '2021-11-23', change: 'Zip holds one file.' },
    { version: '1-10-0', date: '2019-11-12', change: 'File-extension requirements clarified.' },
    { version: '1-9-0', date: '2019-01-28', change: 'Files must be .tsv or .txt before compression; start_date example added.' },
    { version: '1-8-0', date: '2019-01-10', change: 'Editorial restructuring.' },
    { version: '1-7-0', date: '2018-05-08', change: 'Retention: regional differences.' },
    { version: '1-6-0', date: '2018-03-19', change: 'Valid end-of-line separators.' },
    { version: '1-5-0', date: '2018-03-02', change: 'File-transfer process, upload-error correction, retention policy.' },
    { version: '1-4-0', date: '2017-03-31', change: 'Data-obligations statement.' },
  ],
});
