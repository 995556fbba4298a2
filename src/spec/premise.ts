/**
 * Premise Data, version 2-0-7 (shared/spec/premise.md). One file whose row describes a premise, one of its
 * service points, a device there and one measuring component of the device. The file-name page was not
 * readable: the name follows the Billing and Account pattern with the token `premise` (Intake).
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED } from './columns.js';
import { INTERVAL_UNITS } from './interval.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const P = block('Premise', 'premise §5.1');
const S = block('ServicePoint', 'premise §5.2');
const D = block('Device', 'premise §5.3');
const M = block('MeasuringComponent', 'premise §5.4');

export const SERVICE_POINT_TYPE_CATEGORIES = ['D1MT', 'D1IT', 'D1MI'] as const;
export const SERVICE_POINT_TYPE_CODES = ['E', 'G', 'W', 'M', 'WW', 'O'] as const;

// Group order Premise → Service Point → Device → Measuring Component follows the page order (Intake: not stated).
export const PREMISE_GROUP: readonly ColumnSpec[] = [
  P('premise_id', 'string', REQUIRED, 'documented', 'Primary key: the premise id in the system of record.', { maxLength: 40 }),
  P('premise_name', 'string', OPTIONAL, 'documented', "The utility's business-facing name of the premise.", { maxLength: 40 }),
  P('external_premise_id', 'string', OPTIONAL, 'documented', 'Premise id in another system.', { maxLength: 40 }),
  P('parent_premise_id', 'string', OPTIONAL, 'documented', 'Parent premise, e.g. the building of an apartment.', { maxLength: 40 }),
  P('premise_type_code', 'string', OPTIONAL, 'documented', 'Premise type from a fixed, predefined list of the utility, e.g. SFR, MFR.', { maxLength: 8 }),
  // Type not visible: optional text of up to 255 characters (Intake). The address, country and time-zone
  // columns the page mentions have unreadable names and are not listed (Intake).
  P('premise_type_description', 'string', OPTIONAL, 'intake', 'Short description of the premise type (type and requiredness Intake).', { maxLength: 255 }),
];

export const SERVICE_POINT_GROUP: readonly ColumnSpec[] = [
  S('service_point_id', 'string', REQUIRED, 'documented', 'Primary key: the fixed location where service is delivered; the Account SA-SP file refers to it.', { maxLength: 40 }),
  S('service_point_name', 'string', OPTIONAL, 'documented', 'Service point name in the CIS.', { maxLength: 40 }),
  S('service_point_type_description', 'string', OPTIONAL, 'documented', 'Short description of the service point type, e.g. Electric Commercial.', { maxLength: 100 }),
  S('service_point_type_category', 'enum', REQUIRED, 'documented', 'D1MT one meter, D1IT one badged item, D1MI one or more unbadged items.', { allowed: SERVICE_POINT_TYPE_CATEGORIES }),
  S('service_point_type_code', 'enum', REQUIRED, 'documented', 'E electric, G gas, W water, M miscellaneous, WW waste water, O other.', { allowed: SERVICE_POINT_TYPE_CODES }),
  // Exists (upper-case values since v2-0-7) but values and position are not visible: optional upper-case text (Intake).
  S('status_code', 'string', OPTIONAL, 'intake', 'Status of the service point, upper case (column documented; position, type and values Intake).', { maxLength: 30 }),
];

export const DEVICE_GROUP: readonly ColumnSpec[] = [
  D('device_id', 'string', REQUIRED, 'documented', 'Primary key: device or meter id in the source system.', { maxLength: 40 }),
  D('device_name', 'string', OPTIONAL, 'documented', 'Device name shown in the source system.', { maxLength: 40 }),
  D('device_external_id', 'string', OPTIONAL, 'documented', 'Device id in an external (head-end, MDM) system.', { maxLength: 120 }),
  D('device_type_code', 'string', REQUIRED, 'documented', 'Utility-specific device type, e.g. E-SMART-MTR.', { maxLength: 30 }),
  // Type not visible: optional text of up to 255 characters (Intake).
  D('device_type_description', 'string', OPTIONAL, 'intake', 'Description of the device type code (type and requiredness Intake).', { maxLength: 255 }),
  // Exists (upper-case values since v2-0-7); values and position not visible (Intake).
  D('device_status', 'string', OPTIONAL, 'intake', 'Status of the device, upper case (column documented; position, type and values Intake).', { maxLength: 30 }),
];

export const MEASURING_COMPONENT_GROUP: readonly ColumnSpec[] = [
  M('measuring_component_id', 'string', REQUIRED, 'documented', 'Channel or register id; unique together with device_id.', { maxLength: 40 }),
  M('measuring_component_external_id', 'string', OPTIONAL, 'documented', 'Channel id in external systems such as head-ends.', { maxLength: 60 }),
  M('channel_id', 'string', OPTIONAL, 'documented', 'Channel id for interval data; the register id for scalar data.', { maxLength: 120 }),
  M('number_of_digits_left', 'decimal', OPTIONAL, 'documented', 'Digits the reading may have before the decimal point, DECIMAL(5,0).', { maxDecimals: 0, max: 99999 }),
  M('number_of_digits_right', 'decimal', OPTIONAL, 'documented', 'Digits the reading may have after the decimal point, DECIMAL(5,0).', { maxDecimals: 0, max: 99999 }),
  M('channel_multiplier', 'decimal', OPTIONAL, 'documented', 'Factor applied to the measurement, DECIMAL(12,6).', { maxDecimals: 6, max: 999999.999999 }),
  // Column 7 starts with "measuring_component" and the id note names measuring_component_type_code (Intake reading).
  M('measuring_component_type_code', 'string', OPTIONAL, 'intake', 'Type of the channel or register (name from the id note; position 7, type and requiredness Intake).', { maxLength: 30 }),
  // Allowed list not visible; Interval v2-0-2 aligned its units with this column, so Interval's list (Intake).
  M('unit_of_measure', 'enum', OPTIONAL, 'intake', 'Unit of the measurements (column documented; position and list Intake: the Interval units).', { allowed: INTERVAL_UNITS }),
  // May not be empty (v2-0-3) and 300 is allowed (v2-0-6): read as seconds, 0 for a scalar register (Intake).
  M('interval_size', 'integer', REQUIRED, 'intake', 'Interval length in seconds (300 = 5 minutes), 0 for scalar registers; never empty (column and non-empty rule documented; unit and range Intake).', { min: 0, max: 86400 }),
  M('service_quantity_identifier', 'string', OPTIONAL, 'intake', 'SQI of the channel, e.g. NET_USAGE (column documented; position and type Intake).', { maxLength: 30 }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'premise-file-name', scope: 'file', source: 'intake', specRef: 'premise §1', text: 'The file-name page was not readable: opwr_<utility>_<version>_premise_<stamp>, without population, by analogy with Billing and Account.', codes: ['FILE_NAME_INVALID', 'FILE_TYPE_UNKNOWN'] },
  { id: 'group-order', scope: 'file', source: 'intake', specRef: 'premise §1', text: 'One row per measuring component, groups in page order: Premise, Service Point, Device, Measuring Component; columns past the readable prefix of a group are Intake\'s or left out.', codes: ['HEADER_ORDER', 'HEADER_EXTRA_COLUMN_END'] },
  { id: 'device-component-unique', scope: 'entity', source: 'documented', specRef: 'premise §3', text: 'measuring_component_id + device_id is unique.', codes: ['DUPLICATE_KEY'] },
  { id: 'interval-size', scope: 'row', source: 'documented', specRef: 'premise §3', text: 'interval_size may not be empty.', codes: ['FIELD_REQUIRED'] },
];

export const PREMISE: StandardSpec = deepFreeze({
  id: 'premise',
  title: 'Premise Data',
  version: '2-0-7',
  docRef: 'shared/spec/premise.md',
  summary: 'Premises with their service points, devices and measuring components (channels and registers).',
  fileName: {
    pattern: 'opwr_<utility>_<version>_premise_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: false,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      id: 'premise', title: 'Premise, service point, device and measuring component', nameToken: 'premise',
      keyColumns: ['premise_id', 'service_point_id', 'device_id', 'measuring_component_id'],
      blocks: ['Premise', 'ServicePoint', 'Device', 'MeasuringComponent'],
      columns: [...PREMISE_GROUP, ...SERVICE_POINT_GROUP, ...DEVICE_GROUP, ...MEASURING_COMPONENT_GROUP],
      uniqueKey: ['device_id', 'measuring_component_id'],
    },
  ],
  layouts: [{ id: 'premise', fileTypes: ['premise'], description: 'One file; one row per measuring component (Intake reading).' }],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '2-0-7', date: '2025-08-26', change: 'Allowed values of status_code and device_status made upper case.' },
    { version: '2-0-6', date: 'not stated', change: 'service_agreement_id removed from Service Point Fields; interval_size may be 300.' },
    { version: '2-0-5', date: 'not stated', change: 'NET_USAGE added to the service quantity identifier examples.' },
    { version: '2-0-4', date: 'not stated', change: 'register_id removed from Measuring Component Fields.' },
    { version: '2-0-3', date: 'not stated', change: 'interval_size may not be empty; service_point_type_code narrowed to VARCHAR(2).' },
    { version: '2-0-2', date: 'not stated', change: 'File-name page clarified; unit_of_measure allowed list widened.' },
  ],
});
