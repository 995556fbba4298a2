/**
 * Interval (AMI) data, version 2-0-5 (shared/spec/interval.md, completed by spec/DECISIONS.md).
 * date + time are the local END of the interval; the interval length comes from the file name.
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, when } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const I = block('Interval', 'interval §5');

export const INTERVAL_LENGTHS = [5, 15, 30, 60, 1440] as const;
export const INTERVAL_UNITS = ['KWH', 'WH', 'KW', 'KVARH', 'THERMS', 'CCF', 'HCF', 'CF', 'GAL', 'A'] as const;
export const INTERVAL_ESTIMATE_FLAGS = ['A', 'E', 'U'] as const;
export const SERVICE_TYPES = ['ELECTRIC', 'GAS', 'WATER'] as const;
export const SERVICE_QUANTITY_IDENTIFIERS = ['GENERATED'] as const;

export const INTERVAL_COLUMNS: readonly ColumnSpec[] = [
  I('service_point_id', 'string', REQUIRED, 'documented', 'Service point id, identical to the billing files; the join key to billing data.'),
  I('usage_value', 'decimal', REQUIRED, 'documented', 'Consumption of the interval in `units`; ≥ 0 (negative only with allowNegativeUsage).'),
  I('date', 'date', REQUIRED, 'documented', 'Local date on which the interval ends.', { format: 'yyyyMMdd' }),
  I('time', 'time', REQUIRED, 'documented', 'Local clock time at which the interval ends, on the grid of the file\'s interval length; midnight is 0000 of the next day.', { format: 'HHmm' }),
  I('units', 'enum', REQUIRED, 'documented', 'Unit of usage_value (Intake list).', { allowed: INTERVAL_UNITS }),
  I('is_estimate', 'enum', REQUIRED, 'documented', 'A actual, E estimated, U user-reported (Intake list).', { allowed: INTERVAL_ESTIMATE_FLAGS }),
  I('UTC_offset', 'utc-offset', when('on the repeated hour of the autumn daylight-saving change', 'intake'), 'documented', 'Offset from UTC of the local end time, ±HH:MM; must match the profile time zone.', { format: '±HH:MM' }),
  I('service_type', 'enum', OPTIONAL, 'intake', 'ELECTRIC, GAS or WATER (position 8 is Intake\'s reading).', { allowed: SERVICE_TYPES }),
  I('service_quantity_identifier', 'enum', OPTIONAL, 'intake', 'Empty for consumption, or GENERATED; the profile may add more (position 9 is Intake\'s reading).', { allowed: SERVICE_QUANTITY_IDENTIFIERS }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'interval-length', scope: 'file', source: 'documented', specRef: 'interval §3', text: 'The <mm> of the file name is 5, 15, 30, 60 or 1440.', codes: ['FILE_NAME_INTERVAL'] },
  { id: 'grid', scope: 'row', source: 'documented', specRef: 'interval §5', text: 'Every row ends on the grid of the file\'s interval length (hourly: minutes 00; daily: 0000).', codes: ['INTERVAL_OFF_GRID'] },
  { id: 'dst-gap', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'A local time that does not exist (spring-forward gap) is an error.', codes: ['INTERVAL_NONEXISTENT_TIME'] },
  { id: 'dst-repeat', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'The repeated autumn hour carries UTC_offset to tell the two hours apart.', codes: ['INTERVAL_AMBIGUOUS_TIME'] },
  { id: 'offset-zone', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'UTC_offset, when present, matches the profile time zone at that local time.', codes: ['INTERVAL_OFFSET_MISMATCH'] },
  { id: 'negative', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'usage_value ≥ 0; negative only with allowNegativeUsage.', codes: ['USAGE_NEGATIVE'] },
  { id: 'channel-order', scope: 'entity', source: 'intake', specRef: 'DECISIONS Interval', text: 'Rows of a channel (service point + service quantity identifier) run oldest to newest; the same interval twice is a correction (info).', codes: ['INTERVAL_OUT_OF_ORDER', 'INTERVAL_CORRECTION'] },
  { id: 'vee', scope: 'entity', source: 'intake', specRef: 'DECISIONS Interval', text: 'Meter-data quality (VEE-style) warnings per service point: gaps per day, flat lines, long zero runs, spikes.', codes: ['INTERVAL_GAP', 'INTERVAL_FLAT_LINE', 'INTERVAL_ZERO_RUN', 'INTERVAL_SPIKE'] },
];

export const INTERVAL: StandardSpec = deepFreeze({
  id: 'interval',
  title: 'Interval (AMI)',
  version: '2-0-5',
  docRef: 'shared/spec/interval.md',
  summary: 'Smart-meter interval reads per service point and channel, in local end-of-interval time.',
  fileName: {
    pattern: 'opwr_<utility>_<population>_<version>_interval<mm>_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: true,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    { id: 'interval', title: 'Interval reads', nameToken: 'interval', namePattern: '^interval(\\d{1,4})$', keyColumns: ['service_point_id', 'service_quantity_identifier', 'date', 'time'], blocks: ['Interval'], columns: INTERVAL_COLUMNS },
  ],
  layouts: [{ id: 'interval', fileTypes: ['interval'], description: 'One file of interval reads per delivery (or several with the same interval length).' }],
  rules: RULES,
  phases: ['sample', 'incremental'],
  versions: [
    { version: '2-0-5', date: '2025-08-26', change: 'service_quantity_identifier: GEN renamed GENERATED.' },
    { version: '2-0-4', date: '2025-03-17', change: 'Five-minute interval reads supported.' },
    { version: '2-0-3', date: '2024-07-31', change: 'device_label removed.' },
    { version: '2-0-2', date: '2023-12-20', change: 'units aligned with Premise units_of_measure.' },
    { version: '2-0-1', date: '2023-07-20', change: 'Type label String replaced by VARCHAR.' },
    { version: '2-0-0', date: '2023-07-19', change: 'Added service_type, service_quantity_identifier; removed register_id.' },
  ],
});
