/**
 * Interval (AMI) data, version 2-0-5 (shared/spec/interval.md, completed by spec/DECISIONS.md).
 * date + time are the local END of the interval; the interval length comes from the file name.
 *
 * Daylight saving *(Intake)*. `date` + `time` are the wall-clock reading at the instant the interval ends, as
 * the clock shows it at that instant: from the transition instant on, the new offset applies (as in ISO 8601
 * and Intl). For America/New_York that gives:
 * - 2024-03-10, spring forward (02:00 EST becomes 03:00 EDT): local end times 02:00–02:59 do not exist and are
 *   errors with or without an offset (INTERVAL_NONEXISTENT_TIME). The interval 01:00–02:00 EST ends at
 *   03:00 -04:00. The day has 23 hours of intervals (hourly: 01:00, 03:00 … 23:00 and the next day's 0000).
 * - 2024-11-03, fall back (02:00 EDT becomes 01:00 EST): local end times 01:00–01:59 happen twice. For hourly
 *   data only 01:00 repeats: 01:00 -04:00 ends 00:00–01:00 EDT and 01:00 -05:00 ends 01:00 EDT–01:00 EST;
 *   02:00 (-05:00) ends 01:00–02:00 EST and is not ambiguous. For 15-minute data 01:00, 01:15, 01:30 and
 *   01:45 repeat. 00:00, and so every daily (1440) row, is never ambiguous in New York. A repeated time needs
 *   UTC_offset (INTERVAL_AMBIGUOUS_TIME); two rows of a channel with the same local time and different offsets
 *   are two intervals, not a correction. The "hour-ending" habit of writing the second hour as 02:00 -04:00
 *   names a clock reading that never happened and is an offset mismatch. The day has 25 hours of intervals.
 * - Any offset given must be one the zone has at that local time (INTERVAL_OFFSET_MISMATCH).
 * The same reading holds for any IANA zone (src/validate/time-zone.ts derives each day's facts from Intl).
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
  { id: 'interval-length-data', scope: 'file', source: 'intake', specRef: 'interval §5', text: 'The rows are as far apart as the <mm> of the file name says (not a finer or coarser grid).', codes: ['INTERVAL_LENGTH_MISMATCH'] },
  { id: 'dst-gap', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'A local end time that does not exist (the spring-forward hour, e.g. 02:00–02:59 in New York on 2024-03-10) is an error, with or without an offset; the day has 23 hours of intervals.', codes: ['INTERVAL_NONEXISTENT_TIME'] },
  { id: 'dst-repeat', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'Local end times that happen twice (01:00–01:59 in New York on 2024-11-03: for hourly data only 01:00) carry UTC_offset to tell the two apart; the clock at the transition instant already shows the new offset, so 02:00 is not repeated. The day has 25 hours of intervals.', codes: ['INTERVAL_AMBIGUOUS_TIME'] },
  { id: 'offset-zone', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'UTC_offset, when present, matches the profile time zone at that local time.', codes: ['INTERVAL_OFFSET_MISMATCH'] },
  { id: 'negative', scope: 'row', source: 'intake', specRef: 'DECISIONS Interval', text: 'usage_value ≥ 0; negative only with allowNegativeUsage.', codes: ['USAGE_NEGATIVE'] },
  { id: 'channel-order', scope: 'entity', source: 'intake', specRef: 'DECISIONS Interval', text: 'Rows of a channel (service point + service quantity identifier) run oldest to newest; the same interval twice is a correction (info).', codes: ['INTERVAL_OUT_OF_ORDER', 'INTERVAL_CORRECTION'] },
  { id: 'vee', scope: 'entity', source: 'intake', specRef: 'DECISIONS Interval', text: 'Meter-data quality (VEE-style) warnings, one per service point and kind with counts: missing intervals per day inside a channel\'s covered range (first to last read), runs of one non-zero value of at least flatLineIntervals, runs of zeros of at least zeroRunHours, a day\'s highest interval above spikeRatio × its third-highest and at least spikeMinValue.', codes: ['INTERVAL_GAP', 'INTERVAL_FLAT_LINE', 'INTERVAL_ZERO_RUN', 'INTERVAL_SPIKE'] },
  { id: 'bill-usage', scope: 'entity', source: 'intake', specRef: 'DECISIONS Interval', text: 'Where billing data is loaded (a store), the sum of a consumption channel\'s intervals over an actual (not estimated) bill period whose every local day is complete is within billUsageTolerance (default 2 %) of the billed usage_value; interval units and the meter unit must match or convert (WH ↔ KWH), otherwise the bill is not compared. A warning per service point with the number of bills off.', codes: ['INTERVAL_BILL_MISMATCH'] },
  { id: 'known-service-point', scope: 'delivery', source: 'documented', specRef: 'interval §1', text: 'With a store, every service point is one the billing data already loaded.', codes: ['USAGE_UNKNOWN_SERVICE_POINT'] },
  { id: 'sample-history', scope: 'phase', source: 'documented', specRef: 'interval §2.2', text: 'Sample historical: at least 13 months of reads for every active service point (active: reads within 35 days of the delivery\'s last day, Intake), or all there is (hence a warning).', codes: ['PHASE_INTERVAL_HISTORY_SHORT'] },
  { id: 'incremental-continuity', scope: 'phase', source: 'intake', specRef: 'DECISIONS Phases', text: 'Incremental: no read of a channel ends before its last loaded interval (the same interval again is a correction); a gap after it is a warning.', codes: ['PHASE_READ_BEFORE_LOADED', 'PHASE_GAP_AFTER_LOADED'] },
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
