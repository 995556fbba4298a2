/**
 * Rates, version 1-15-0 (shared/spec/supplemental.md §E). Seven file types that feed the rate engine; the
 * delivery team decides which a utility sends. Columns past the readable part of a page are Intake's.
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, REQUIRED_INTAKE } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

export const SEASONS = ['WINTER', 'SPRING', 'SUMMER', 'FALL'] as const;
export const PERIODS = ['ON_PEAK', 'PART_PEAK', 'OFF_PEAK', 'CRITICAL_PEAK', 'NON_CRITICAL_PEAK'] as const;
export const DAY_TYPES = ['WEEKEND', 'WEEKDAY', 'HOLIDAY'] as const;
export const PRICE_TYPES = ['CHARGE', 'CREDIT'] as const;
// Deletion flag values not visible: those of legacy billing's is_account_deletion, which the docs point to (Intake).
export const RATE_DELETION_FLAGS = ['true', '1', 't'] as const;

const A = block('RateAttribute', 'supplemental §E.4');
const P = block('RatePrice', 'supplemental §E.5');
const T = block('RateTier', 'supplemental §E.6');
const R = block('RatePeriod', 'supplemental §E.6');
const H = block('HolidaySeason', 'supplemental §E.6');
const B = block('Baseline', 'supplemental §E.6');
const E = block('PeakTimeRebate', 'supplemental §E.6');
const D8 = 'yyyyMMdd';
const DT = 'yyyyMMdd HHmm';

export const ATTRIBUTE_COLUMNS: readonly ColumnSpec[] = [
  A('account_id', 'string', REQUIRED, 'documented', 'Account as established by the billing data.'),
  A('key', 'string', REQUIRED, 'documented', 'Attribute name: rate plan, solar, low income, budget billing, SOLAR_TRUE_UP, …'),
  A('value', 'string', REQUIRED, 'documented', 'Attribute value.'),
  A('start_date', 'date', REQUIRED, 'documented', 'First day the value applies.', { format: D8 }),
  // Listed as "cannot be empty" yet NULL is allowed for open-ended values: optional (Intake resolves the conflict).
  A('end_date', 'date', OPTIONAL, 'intake', 'Exclusive end day; empty for an open-ended value (optional: Intake resolves the "cannot be empty" conflict).', { format: D8 }),
  A('is_utility_account_attribute_deletion', 'enum', OPTIONAL, 'intake', 'Deletes the entry and its future values; only when deletion is enabled (values Intake: true, 1, t).', { allowed: RATE_DELETION_FLAGS }),
];

export const PRICE_COLUMNS: readonly ColumnSpec[] = [
  P('rate_plan_identifier', 'string', REQUIRED, 'documented', 'Plan the price belongs to; * means every plan.'),
  P('rate_component', 'string', REQUIRED, 'documented', 'Component of the plan, e.g. TOU, FLAT/CUSTOMER; * means every component.'),
  P('rate_group', 'string', OPTIONAL, 'documented', 'Customer group for plans priced per group.'),
  P('season', 'enum', OPTIONAL, 'documented', 'Season, for seasonal rates.', { allowed: SEASONS }),
  P('period', 'enum', OPTIONAL, 'documented', 'Time-of-use period, for TOU, TOU-tiered and PDP components.', { allowed: PERIODS }),
  P('price_type', 'enum', REQUIRED, 'documented', 'CHARGE (normally positive) or CREDIT (normally negative).', { allowed: PRICE_TYPES }),
  P('tier', 'integer', OPTIONAL, 'documented', 'Tier, for tiered and TOU-tiered rates.'),
  // Blank in every sample row: an optional HHmm clock time (Intake).
  P('start_time', 'time', OPTIONAL, 'intake', 'Start time of the price (type and requiredness Intake).', { format: 'HHmm' }),
  // A decimal in the samples (0.20776): required decimal, up to 6 places like the tier bounds (Intake).
  P('price', 'decimal', REQUIRED_INTAKE, 'intake', 'Price per unit (type, precision and requiredness Intake).', { maxDecimals: 6 }),
  // yyyyMMdd in the samples; required, as in the tier file (Intake).
  P('effective_start_date', 'date', REQUIRED_INTAKE, 'intake', 'First day the price applies (format and requiredness Intake).', { format: D8 }),
  P('effective_end_date', 'date', OPTIONAL, 'intake', 'Exclusive end day, empty when open-ended (format and requiredness Intake, as in the tier file).', { format: D8 }),
];

export const TIER_COLUMNS: readonly ColumnSpec[] = [
  T('rate_plan_identifier', 'string', REQUIRED, 'documented', 'Plan; * means every plan.'),
  T('rate_component', 'string', REQUIRED, 'documented', 'Component; * means every component.'),
  T('tier', 'integer', REQUIRED, 'documented', 'Tier number, e.g. 1.'),
  T('lower_bound', 'decimal', REQUIRED, 'documented', 'Inclusive lower bound, in the unit of the service point, DECIMAL(12,6).', { maxDecimals: 6, max: 999999.999999 }),
  T('upper_bound', 'decimal', OPTIONAL, 'documented', 'Exclusive upper bound; empty for the top tier. DECIMAL(12,6).', { maxDecimals: 6, max: 999999.999999 }),
  T('effective_start_date', 'date', REQUIRED, 'documented', 'First day the tier applies.', { format: D8 }),
  T('effective_end_date', 'date', OPTIONAL, 'documented', 'Exclusive end day.', { format: D8 }),
];

export const PERIOD_COLUMNS: readonly ColumnSpec[] = [
  R('rate_plan_identifier', 'string', REQUIRED, 'documented', 'Plan; * means every plan.'),
  R('rate_component', 'string', REQUIRED, 'documented', 'Component, e.g. TOU; * means every component.'),
  R('season', 'enum', OPTIONAL, 'documented', 'Season of the period.', { allowed: SEASONS }),
  R('day_type', 'enum', OPTIONAL, 'documented', 'Day type of the period.', { allowed: DAY_TYPES }),
  R('period', 'enum', REQUIRED, 'documented', 'On-peak or part-peak window (off-peak is everything else and is not defined).', { allowed: PERIODS }),
  R('ordinal', 'integer', OPTIONAL, 'documented', 'Separates entries sharing season, day type and period; 1–10.', { min: 1, max: 10 }),
  // Partly visible and used with a duration field whose name is not: optional text; later columns not listed (Intake).
  R('resolution', 'string', OPTIONAL, 'intake', 'Resolution of the window, used with a duration field (type and requiredness Intake).'),
];

export const HOLIDAY_SEASON_COLUMNS: readonly ColumnSpec[] = [
  H('rate_plan_identifier', 'string', REQUIRED, 'documented', 'Plan; * means every plan.'),
  H('rate_component', 'string', REQUIRED, 'documented', 'Component, e.g. CPP; * means every component.'),
  H('season', 'enum', OPTIONAL, 'documented', 'Season, on season rows only.', { allowed: SEASONS }),
  H('day_type', 'enum', REQUIRED, 'documented', 'Day type; HOLIDAY defines holidays.', { allowed: DAY_TYPES }),
  // The allowed list was cut after ON_PEAK…: the period list of the other rates files (Intake).
  H('period', 'enum', OPTIONAL, 'intake', 'Period; not used on holiday rows (list Intake).', { allowed: PERIODS }),
  // The date columns are not visible; a holiday or season needs them: start_date and end_date as in the attributes file (Intake).
  H('start_date', 'date', REQUIRED_INTAKE, 'intake', 'First day of the holiday or season (name, type and requiredness Intake).', { format: D8 }),
  H('end_date', 'date', OPTIONAL, 'intake', 'Exclusive end day (name, type and requiredness Intake).', { format: D8 }),
];

export const BASELINE_COLUMNS: readonly ColumnSpec[] = [
  B('account_id', 'string', REQUIRED, 'documented', 'Account of the baseline.'),
  B('season', 'enum', OPTIONAL, 'documented', 'Season; empty when the baseline is not seasonal.', { allowed: SEASONS }),
  B('usage_baseline', 'decimal', REQUIRED, 'documented', 'Baseline usage in the unit of the service point\'s reads, DECIMAL(12,6).', { maxDecimals: 6, max: 999999.999999 }),
  // Columns 4–8 come from the sample row only (DAY, R, TIERED, 20080501 1200): optional, types from the sample (Intake).
  B('resolution', 'string', OPTIONAL, 'intake', 'Resolution of the baseline, e.g. DAY (type and requiredness Intake).'),
  B('rate_plan_identifier', 'string', OPTIONAL, 'intake', 'Plan the baseline applies to (type and requiredness Intake).'),
  B('rate_component', 'string', OPTIONAL, 'intake', 'Component the baseline applies to (type and requiredness Intake).'),
  B('start_date', 'datetime', OPTIONAL, 'intake', 'Start of the baseline (format from the sample, requiredness Intake).', { format: DT }),
  B('end_date', 'datetime', OPTIONAL, 'intake', 'End of the baseline (format from the sample, requiredness Intake).', { format: DT }),
];

export const PEAK_TIME_REBATE_COLUMNS: readonly ColumnSpec[] = [
  E('account_id', 'string', REQUIRED, 'documented', 'Account of the rebate.'),
  E('rate_plan_identifier', 'string', REQUIRED, 'documented', 'Plan; * means every plan the service agreement is eligible for.'),
  E('rate_component', 'string', REQUIRED, 'documented', 'Component of the rebate.'),
  // DATETIME with the example 20120101 1100: yyyyMMdd HHmm (Intake reading of the example).
  E('start_date', 'datetime', OPTIONAL, 'documented', 'Start of the rebate event.', { format: DT }),
  // The performance… column after it is not readable and not listed (Intake).
  E('end_date', 'datetime', OPTIONAL, 'documented', 'Exclusive end of the rebate event, e.g. 20120101 1100.', { format: DT }),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'deletion', scope: 'row', source: 'documented', specRef: 'supplemental §E.4', text: 'is_utility_account_attribute_deletion may be set only when deletion is enabled for the utility (allowAccountDeletion).', codes: ['ROW_DELETION_NOT_ALLOWED'] },
  { id: 'end-exclusive', scope: 'row', source: 'intake', specRef: 'supplemental §E', text: 'End dates are exclusive, so an end is empty or later than its start; an upper tier bound is above the lower one.', codes: ['ROW_END_BEFORE_START'] },
  { id: 'one-baseline', scope: 'entity', source: 'documented', specRef: 'supplemental §E.6', text: 'One baseline per customer per period (key account, season, plan, component, start: Intake).', codes: ['DUPLICATE_KEY'] },
  { id: 'peak-events', scope: 'file', source: 'documented', specRef: 'supplemental §E.1', text: 'The Peak Pricing Event file (peak_events) is deprecated since v1-14-0 and not accepted.', codes: ['FILE_TYPE_DEPRECATED'] },
  { id: 'rates-zip', scope: 'file', source: 'intake', specRef: 'supplemental §E.2', text: 'The names show .gz; a zip holding one file is accepted too, as the zip rule of v1-12-0 implies.', codes: ['FILE_NAME_INVALID'] },
];

const order = (start: string, end: string) => ({ kind: 'order', start, end, strict: true, source: 'intake' }) as const;

export const RATES: StandardSpec = deepFreeze({
  id: 'rates',
  title: 'Rates',
  version: '1-15-0',
  docRef: 'shared/spec/supplemental.md §E',
  summary: 'Rate attributes per account, prices, tiers, periods, holidays and seasons, baselines and peak-time rebates for the rate engine.',
  fileName: {
    pattern: 'opwr_<utility>_<population>_<version>_<customer_rates_attributes|rate_prices|rate_tier_definition|rate_period_definition|rate_holidays_seasons_definition|peak_time_rebate_baselines|peak_time_rebates>_<yyyyMMddHHmmss>.gz',
    hasPopulation: true,
    // Documented as gzip; zip of one file is accepted since v1-12-0 (Intake reading).
    extensions: ['gz', 'zip'],
    maxLength: 255,
    deprecatedTypes: [{ token: 'peak_events', reason: 'the Peak Pricing Event file was removed in v1-14-0' }],
  },
  fileTypes: [
    {
      id: 'attributes', title: 'Rate attributes', nameToken: 'customer_rates_attributes',
      keyColumns: ['account_id', 'key', 'start_date'], blocks: ['RateAttribute'], columns: ATTRIBUTE_COLUMNS,
      rowRules: [order('start_date', 'end_date'), { kind: 'deletion', column: 'is_utility_account_attribute_deletion', source: 'documented' }],
    },
    {
      id: 'prices', title: 'Rate prices', nameToken: 'rate_prices',
      keyColumns: ['rate_plan_identifier', 'rate_component', 'season', 'period', 'tier', 'effective_start_date'], blocks: ['RatePrice'], columns: PRICE_COLUMNS,
      rowRules: [order('effective_start_date', 'effective_end_date')],
    },
    {
      id: 'tier-definitions', title: 'Rate tier definitions', nameToken: 'rate_tier_definition',
      keyColumns: ['rate_plan_identifier', 'rate_component', 'tier', 'effective_start_date'], blocks: ['RateTier'], columns: TIER_COLUMNS,
      rowRules: [order('lower_bound', 'upper_bound'), order('effective_start_date', 'effective_end_date')],
    },
    {
      id: 'period-definitions', title: 'Rate period definitions', nameToken: 'rate_period_definition',
      keyColumns: ['rate_plan_identifier', 'rate_component', 'season', 'day_type', 'period', 'ordinal'], blocks: ['RatePeriod'], columns: PERIOD_COLUMNS,
    },
    {
      id: 'holidays-seasons', title: 'Holidays and seasons', nameToken: 'rate_holidays_seasons_definition',
      keyColumns: ['rate_plan_identifier', 'rate_component', 'day_type', 'start_date'], blocks: ['HolidaySeason'], columns: HOLIDAY_SEASON_COLUMNS,
      rowRules: [order('start_date', 'end_date')],
    },
    {
      id: 'baselines', title: 'Peak-time-rebate baselines', nameToken: 'peak_time_rebate_baselines',
      keyColumns: ['account_id', 'season', 'start_date'], blocks: ['Baseline'], columns: BASELINE_COLUMNS,
      uniqueKey: ['account_id', 'season', 'rate_plan_identifier', 'rate_component', 'start_date'],
      rowRules: [order('start_date', 'end_date')],
    },
    {
      id: 'peak-time-rebates', title: 'Peak time rebates', nameToken: 'peak_time_rebates',
      keyColumns: ['account_id', 'rate_plan_identifier', 'start_date'], blocks: ['PeakTimeRebate'], columns: PEAK_TIME_REBATE_COLUMNS,
      rowRules: [order('start_date', 'end_date')],
    },
  ],
  layouts: [{ id: 'per-file', fileTypes: ['attributes', 'prices', 'tier-definitions', 'period-definitions', 'holidays-seasons', 'baselines', 'peak-time-rebates'], description: 'Each file type is one file; the delivery team decides which apply.' }],
  rules: RULES,
  phases: ['full', 'incremental'],
  versions: [
    { version: '1-15-0', date: '2025-07-03', change: 'Sample table gains is_utility_account_attribute_deletion; sample column season singular.' },
    { version: '1-14-0', date: '2024-10-01', change: 'Peak Pricing Event file deprecated.' },
    { version: '1-13-0', date: '2022-04-11', change: 'Naming clarified.' },
    { version: '1-12-0', date: '2021-11-23', change: 'Zip holds one file.' },
    { version: '1-11-0', date: '2020-06-25', change: 'Purpose and worked examples.' },
    { version: '1-10-0', date: '2019-11-12', change: 'File extensions; SOLAR_TRUE_UP start and end rules.' },
  ],
});
