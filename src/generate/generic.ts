/**
 * Clean deliveries of the standards that have no dedicated generator (billing, account, premise, program
 * participation, unsubscribe, customer classification, call center, rates). Every file type of the standard
 * gets rows built from its spec columns: a generic value per column type (format, enum, range, length), with
 * per-standard values where rows must agree with each other (unique keys, end after start, "one of" fields,
 * references between the files of the delivery, timelines). Ids are `<prefix>-<i>`, shared across files, so
 * references hold by construction. With `defects`, rows are damaged one field each (generic-defects.ts), from
 * a stream of their own, so the clean rows stay byte-identical. Same options and seed, same bytes.
 */
import { join } from 'node:path';
import { buildFileName, type ColumnSpec, type FileTypeSpec, type StandardSpec } from '../spec/index.js';
import { compact, iso, pad2 } from './calendar.js';
import { decimal2 } from './format.js';
import type { ManifestFile } from './manifest.js';
import { BUSINESS_KINDS, CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from './names.js';
import { hash32, textHash, unit } from './prng.js';
import { DefectPlanner, encodeRow, type Defect } from './defects.js';
import { damageGenericRow, defectTargets } from './generic-defects.js';
import { FileSink, extensionOf, stampToLocalDate, type Compression } from './sink.js';

export interface GenericPlan {
  readonly dir: string;
  readonly standard: StandardSpec;
  readonly utility: string;
  readonly seed: number;
  readonly compress: Compression;
  readonly stamp: string;
  /** Rows per (non-definition) file type, about the number of accounts. */
  readonly rows: number;
  /** Days (days since the calendar epoch) the dates of the delivery fall in. */
  readonly fromDay: number;
  readonly toDay: number;
  /** Share of rows to damage (generic-defects.ts); 0 for a clean delivery. */
  readonly defects?: number;
}

export interface GenericResult {
  readonly files: ManifestFile[];
  readonly defects: Defect[];
}

/** The most rows one file type gets (the generator streams, but a bound keeps a mistyped --accounts sane). */
export const MAX_GENERIC_ROWS = 10_000_000;

type Row = Record<string, string>;

/** What a row builder knows: the plan, the row index and seeded draws keyed by the file type. */
interface RowContext {
  readonly plan: GenericPlan;
  readonly n: number;
  /** A deterministic draw in [0, 1) for row `i`, salt `k`. */
  u(i: number, k: number): number;
  /** A deterministic whole number in [lo, hi] for row `i`, salt `k`. */
  int(i: number, k: number, lo: number, hi: number): number;
  /** A day in the delivery's window for row `i`, salt `k`, at least `margin` days before its end. */
  day(i: number, k: number, margin?: number): number;
}

/** Specific values of a file type's row i; columns left out get the generic value of their type. */
type RowBuilder = (i: number, c: RowContext) => Row;

interface FileTypePlan {
  /** Rows of the file (definition files are small). */
  readonly count: (n: number) => number;
  readonly row: RowBuilder;
}

// ---- value helpers ----------------------------------------------------------------------------------------

const isoDate = (day: number): string => iso(day);
const isoDateTime = (day: number, minute = 0): string => `${iso(day)}T${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:00`;
const dt = (day: number, minute = 0): string => `${compact(day)} ${pad2(Math.floor(minute / 60))}${pad2(minute % 60)}`;
const ts = (day: number, second = 0): string => `${compact(day)} ${pad2(Math.floor(second / 3600))}${pad2(Math.floor(second / 60) % 60)}${pad2(second % 60)}`;

/** Letters only (label columns allow no digits): 0 → A, 25 → Z, 26 → BA, … */
function letters(i: number): string {
  let s = '';
  let v = i;
  do {
    s = String.fromCharCode(65 + (v % 26)) + s;
    v = Math.floor(v / 26);
  } while (v > 0);
  return s;
}

const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length] as T;

/** A generic value that satisfies `col` for row i (type, format, enum, range, length). */
function genericValue(col: ColumnSpec, i: number, c: RowContext): string {
  let v: string;
  switch (col.type) {
    // The first allowed value: the one every profile accepts (builders pick others where they mean to).
    case 'enum': v = col.allowed?.[0] ?? ''; break;
    case 'integer': {
      const lo = col.min ?? 0;
      const hi = col.max ?? lo + 100;
      v = String(lo + (i % (hi - lo + 1)));
      break;
    }
    case 'decimal': {
      const lo = col.min ?? 0;
      const hi = Math.min(col.max ?? 1000, lo + 1000);
      const x = lo + c.u(i, textHash(col.name)) * (hi - lo);
      v = col.maxDecimals === 0 ? String(Math.floor(x)) : decimal2(Math.floor(x * 100) / 100);
      break;
    }
    case 'date': v = compact(c.day(i, textHash(col.name))); break;
    case 'time': v = `${pad2(i % 24)}00`; break;
    case 'zip': v = pick(CITIES, i).zips[0] ?? '22030'; break;
    case 'email': v = `user${i}@${pick(EMAIL_DOMAINS, i)}`; break;
    case 'phone': v = `703555${String(100 + (i % 100)).padStart(4, '0')}`; break;
    case 'state': v = 'VA'; break;
    case 'language': v = 'en'; break;
    case 'utc-offset': v = '-05:00'; break;
    case 'datetime': v = dt(c.day(i, textHash(col.name)), 60 * (i % 24)); break;
    case 'timestamp': v = ts(c.day(i, textHash(col.name)), 3600 * (i % 24)); break;
    case 'iso-datetime': v = isoDateTime(c.day(i, textHash(col.name))); break;
    case 'currency': v = 'USD'; break;
    case 'country': v = 'US'; break;
    case 'locale': v = 'en_US'; break;
    case 'identifier': v = `${col.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6) || 'ID'}-${i}`; break;
    case 'label': v = `${col.name.replace(/[^A-Za-z]/g, '').slice(0, 6) || 'L'}_${letters(i)}`; break;
    case 'string': v = `${col.name.replace(/_id$/, '').replace(/[^A-Za-z]/g, '').toUpperCase().slice(0, 4) || 'X'}-${i}`; break;
  }
  return col.maxLength !== undefined && v.length > col.maxLength ? v.slice(0, col.maxLength) : v;
}

// ---- per standard ------------------------------------------------------------------------------------------

const all = (n: number): number => n;

const personName = (i: number, c: RowContext): { first: string; last: string } => ({
  first: pick(FIRST_NAMES, c.int(i, 1, 0, FIRST_NAMES.length - 1)),
  last: pick(LAST_NAMES, c.int(i, 2, 0, LAST_NAMES.length - 1)),
});

const street = (i: number, c: RowContext): string => `${c.int(i, 3, 1, 9999)} ${pick(STREET_NAMES, c.int(i, 4, 0, 999))} ${pick(STREET_SUFFIXES, c.int(i, 5, 0, 99))}`;

// Billing: one bill per segment; segment i belongs to agreement SA-(i mod A) and is its (i div A)-th period of
// 30 days, so the segments of an agreement run end to start.
const BILL_CYCLE = 30;
const agreements = (n: number): number => Math.max(1, Math.ceil(n / 3));
const segmentPeriod = (i: number, c: RowContext): { sa: number; start: number; end: number } => {
  const a = agreements(c.n);
  const cycle = Math.floor(i / a);
  const cycles = Math.ceil(c.n / a);
  const first = Math.max(c.plan.fromDay, c.plan.toDay - cycles * BILL_CYCLE);
  return { sa: i % a, start: first + cycle * BILL_CYCLE, end: first + (cycle + 1) * BILL_CYCLE };
};

const BILLING: Record<string, FileTypePlan> = {
  bill: {
    count: all,
    row: (i, c) => {
      const p = segmentPeriod(i, c);
      const amount = 20 + c.u(i, 1) * 300;
      return {
        bill_id: `B-${i}`, account_id: `A-${p.sa}`, bill_datetime: isoDateTime(p.end), due_datetime: isoDate(p.end + 21),
        current_balance: decimal2(Math.round(amount * 100) / 100), total_bill_corrections: '0',
      };
    },
  },
  'bill-segment': {
    count: all,
    row: (i, c) => {
      const p = segmentPeriod(i, c);
      return {
        bill_id: `B-${i}`, bill_segment_id: `S-${i}`, service_agreement_id: `SA-${p.sa}`,
        bill_segment_start_datetime: isoDateTime(p.start), bill_segment_end_datetime: isoDateTime(p.end), bill_cycle_code: `M${pad2(1 + (p.sa % 20))}`,
      };
    },
  },
  'line-item': {
    count: all,
    row: (i, c) => ({
      bill_id: `B-${i}`, bill_segment_id: `S-${i}`, calculation_header_sequence_number: '1', bill_line_sequence: '1',
      calculated_amount: decimal2(Math.round((20 + c.u(i, 1) * 300) * 100) / 100), description_on_bill: 'Energy charge', print: 'Y', bill_line_item_type: 'DISTRIBUTION',
    }),
  },
  'service-quantity': {
    count: all,
    row: (i, c) => ({
      bill_id: `B-${i}`, bill_segment_id: `S-${i}`, bill_service_quantity_unit_of_measure: 'KWH', bill_service_quantity_time_of_use: '',
      service_quantity_identifier: 'CONSUMED', bill_service_quantity: String(c.int(i, 6, 100, 2000)),
    }),
  },
};

// Account: account A-i with person P-i and agreement SA-i (service point SP-i).
const accountStart = (i: number, c: RowContext): number => c.day(i, 7, 60);
const ACCOUNT: Record<string, FileTypePlan> = {
  main: {
    count: all,
    row: (i, c) => {
      const start = accountStart(i, c);
      const business = i % 5 === 4;
      const name = personName(i, c);
      const ended = i % 7 === 6;
      return {
        account_id: `A-${i}`, account_name: business ? 'Business' : 'Home', setup_datetime: isoDate(start),
        customer_class: business ? 'SMB' : 'RESIDENTIAL', bill_cycle_code: `M${pad2(1 + (i % 20))}`, bill_cycle_description: `Cycle ${1 + (i % 20)}`,
        person_id: `P-${i}`, person_type: business ? 'Business' : 'Person',
        first_name: business ? '' : name.first, last_name: business ? '' : name.last,
        business_name: business ? `${name.last} ${pick(BUSINESS_KINDS, i)}` : '', language_preference: 'en_US', is_main_customer: 'Y',
        service_agreement_id: `SA-${i}`, service_agreement_name: 'Electric', service_agreement_start_datetime: isoDateTime(start),
        service_agreement_end_datetime: ended ? isoDateTime(start + 30) : '', service_agreement_type_code: business ? 'SMB' : 'RES',
        service_agreement_type_description: business ? 'Small business' : 'Residential', service_type_code: 'E',
        sa_rate_code: business ? 'GS-1' : 'ER-BASIC', effective_datetime: isoDateTime(start), service_agreement_rate_updated_at: '',
      };
    },
  },
  address: {
    count: all,
    row: (i, c) => {
      const city = pick(CITIES, c.int(i, 8, 0, 999));
      return {
        person_id: `P-${i}`, mail_address_1: street(i, c), mail_address_2: '', mail_address_3: '', mail_address_4: '',
        locality: city.city, mail_postal_code: pick(city.zips, i), admin_area_1: city.state, admin_area_2: '', admin_area_3: '',
        country: 'US', person_address_updated_at: '',
      };
    },
  },
  'sa-sp': {
    count: all,
    row: (i, c) => {
      const start = accountStart(i, c);
      return {
        service_agreement_id: `SA-${i}`, service_point_id: `SP-${i}`, service_point_name: `Meter ${i}`, usage_flag: '+', usage_percent: '100',
        sa_sp_start_date: isoDateTime(start), sa_sp_end_date: i % 7 === 6 ? isoDateTime(start + 30) : '',
      };
    },
  },
};

// Premise: one row per measuring component; premise PR-i, service point SP-i, device D-i, component MC-1.
const PREMISE: Record<string, FileTypePlan> = {
  premise: {
    count: all,
    row: (i, c) => {
      const gas = i % 4 === 3;
      return {
        premise_id: `PR-${i}`, premise_name: street(i, c), external_premise_id: '', parent_premise_id: '', premise_type_code: 'SFR', premise_type_description: 'Single-family',
        service_point_id: `SP-${i}`, service_point_name: '', service_point_type_description: gas ? 'Gas Residential' : 'Electric Residential',
        service_point_type_category: 'D1MT', service_point_type_code: gas ? 'G' : 'E', status_code: 'ACTIVE',
        device_id: `D-${i}`, device_name: `Meter ${i}`, device_external_id: '', device_type_code: gas ? 'G-MTR' : 'E-SMART-MTR', device_type_description: '', device_status: 'INSTALLED',
        measuring_component_id: 'MC-1', measuring_component_external_id: '', channel_id: 'CH-1', number_of_digits_left: '6', number_of_digits_right: '2',
        channel_multiplier: '1', measuring_component_type_code: gas ? 'CCF' : 'KWH-DEL', unit_of_measure: gas ? 'CCF' : 'KWH', interval_size: gas ? '0' : '900', service_quantity_identifier: '',
      };
    },
  },
};

// Program participation: P programs with two measures each; participation rows name defined pairs.
const PROGRAMS = 10;
const programs = (n: number): number => Math.max(1, Math.min(PROGRAMS, Math.ceil(n / 10)));
const PROGRAM_PARTICIPATION: Record<string, FileTypePlan> = {
  definition: {
    count: (n) => programs(n) * 2,
    row: (i, c) => ({
      program_id: `PRG-${Math.floor(i / 2)}`, program_description: `Program ${Math.floor(i / 2)}`, measure: `MEASURE-${i % 2}`,
      measure_description: i % 2 === 0 ? 'LED bulbs installed' : 'Smart thermostat', active_date: dt(c.plan.fromDay), inactive_date: '',
    }),
  },
  participation: {
    count: all,
    row: (i, c) => {
      const start = c.day(i, 9, 2);
      const pair = i % (programs(c.n) * 2);
      return {
        customer_id: `C-${i}`, premise_id: `PR-${i}`, program_id: `PRG-${Math.floor(pair / 2)}`, measure: `MEASURE-${pair % 2}`,
        deemed_annual_savings: String(c.int(i, 10, 10, 900)), deemed_annual_savings_unit: 'KWH', deemed_lifetime_savings: String(c.int(i, 11, 100, 9000)),
        deemed_lifetime_savings_unit: 'KWH', measure_life: String(c.int(i, 12, 1, 20)), start_date: dt(start, 540), end_date: i % 3 === 2 ? dt(start + 1, 540) : '',
      };
    },
  },
};

const UNSUBSCRIBE: Record<string, FileTypePlan> = {
  email: {
    count: all,
    row: (i, c) => ({
      address: `user${i}@${pick(EMAIL_DOMAINS, i)}`,
      occurred_on: `${isoDateTime(c.day(i, 13), c.int(i, 14, 0, 1439))}-05:00`,
    }),
  },
};

// Customer classification: a fixed set of classifier / value pairs.
const CLASSIFIERS: readonly (readonly [string, string, string, string])[] = [
  ['low_income', 'Low-income programme', 'True', 'Enrolled'],
  ['language', 'Preferred language', 'English', 'English'],
  ['language', 'Preferred language', 'Spanish', 'Spanish'],
  ['language', 'Preferred language', 'French', 'French'],
  ['do_not_solicit', 'Do not solicit', 'True', 'Asked not to be solicited'],
];
const CUSTOMER_CLASSIFICATION: Record<string, FileTypePlan> = {
  definition: {
    count: () => CLASSIFIERS.length,
    row: (i) => {
      const [classifier, description, value, valueDescription] = pick(CLASSIFIERS, i);
      return { classifier, classifier_description: description, allowed_value: value, allowed_value_description: valueDescription, inactive_date: '' };
    },
  },
  classification: {
    count: all,
    row: (i, c) => {
      const [classifier, , value] = pick(CLASSIFIERS, i);
      const start = c.day(i, 15, 2);
      return { customer_id: `C-${i}`, premise_id: `PR-${i}`, classifier, value, start_date: dt(start), end_date: i % 4 === 3 ? dt(start + 1) : '' };
    },
  },
};

const CALL_CENTER: Record<string, FileTypePlan> = {
  calls: {
    count: all,
    row: (i, c) => {
      const day = c.day(i, 16, 1);
      const start = c.int(i, 17, 8 * 3600, 20 * 3600);
      const duration = c.int(i, 18, 30, 1800);
      return {
        customer_id: `C-${i}`, premise_id: `PR-${i}`, phone_number: `703555${String(100 + (i % 100)).padStart(4, '0')}`,
        start_tstamp: ts(day, start), end_tstamp: ts(day, start + duration), duration: String(duration),
      };
    },
  },
};

const RATE_PLANS = ['E-1', 'E-TOU', 'G-1'] as const;
const RATES: Record<string, FileTypePlan> = {
  attributes: {
    count: all,
    row: (i, c) => {
      const start = c.day(i, 19, 2);
      return { account_id: `A-${i}`, key: 'RATE_PLAN', value: pick(RATE_PLANS, i), start_date: compact(start), end_date: i % 3 === 2 ? compact(start + 1) : '', is_utility_account_attribute_deletion: '' };
    },
  },
  prices: {
    count: all,
    row: (i, c) => ({
      rate_plan_identifier: `PLAN-${Math.floor(i / 2)}`, rate_component: 'TOU', rate_group: '', season: 'SUMMER', period: i % 2 === 0 ? 'ON_PEAK' : 'OFF_PEAK',
      price_type: 'CHARGE', tier: '', start_time: '', price: (0.05 + c.int(i, 20, 0, 30000) / 100000).toFixed(5).replace(/0+$/, ''),
      effective_start_date: compact(c.plan.fromDay), effective_end_date: '',
    }),
  },
  'tier-definitions': {
    count: all,
    row: (i, c) => {
      const tier = (i % 3) + 1;
      return {
        rate_plan_identifier: `PLAN-${Math.floor(i / 3)}`, rate_component: 'TIERED', tier: String(tier), lower_bound: String((tier - 1) * 500),
        upper_bound: tier === 3 ? '' : String(tier * 500), effective_start_date: compact(c.plan.fromDay), effective_end_date: '',
      };
    },
  },
  'period-definitions': {
    count: all,
    row: (i) => ({
      rate_plan_identifier: `PLAN-${Math.floor(i / 10)}`, rate_component: 'TOU', season: 'SUMMER', day_type: 'WEEKDAY', period: 'ON_PEAK',
      ordinal: String((i % 10) + 1), resolution: 'HOUR',
    }),
  },
  'holidays-seasons': {
    count: all,
    row: (i, c) => {
      const start = c.day(i, 21, 2);
      return { rate_plan_identifier: `PLAN-${i}`, rate_component: 'CPP', season: '', day_type: 'HOLIDAY', period: '', start_date: compact(start), end_date: compact(start + 1) };
    },
  },
  baselines: {
    count: all,
    row: (i, c) => {
      const start = c.day(i, 22, 2);
      return {
        account_id: `A-${i}`, season: 'SUMMER', usage_baseline: decimal2(Math.round((5 + c.u(i, 23) * 40) * 100) / 100), resolution: 'DAY',
        rate_plan_identifier: pick(RATE_PLANS, i), rate_component: 'TIERED', start_date: dt(start, 720), end_date: dt(start + 1, 720),
      };
    },
  },
  'peak-time-rebates': {
    count: all,
    row: (i, c) => {
      const day = c.day(i, 24, 1);
      const hour = c.int(i, 25, 12, 18);
      return { account_id: `A-${i}`, rate_plan_identifier: '*', rate_component: 'PTR', start_date: dt(day, hour * 60), end_date: dt(day, hour * 60 + 60) };
    },
  },
};

const PLANS: Readonly<Record<string, Record<string, FileTypePlan>>> = {
  billing: BILLING,
  account: ACCOUNT,
  premise: PREMISE,
  'program-participation': PROGRAM_PARTICIPATION,
  unsubscribe: UNSUBSCRIBE,
  'customer-classification': CUSTOMER_CLASSIFICATION,
  'call-center': CALL_CENTER,
  rates: RATES,
};

/** The standards this module generates. */
export const GENERIC_STANDARDS: readonly string[] = Object.keys(PLANS);

// ---- writing -----------------------------------------------------------------------------------------------

/** The file name of one file type: population token only when the standard has one, .csv for comma files. */
function fileNameOf(plan: GenericPlan, type: FileTypeSpec): { name: string; entry: string } {
  const csv = type.delimiter === ',';
  // A patterned token (unsubscribe's <tier>) gets a fixed tier.
  const typeToken = type.namePattern ? `${type.nameToken}_t1` : type.nameToken;
  const base = extensionOf(plan.compress);
  const extension = csv ? (plan.compress === 'none' ? 'csv' : `csv.${base}`) : base;
  const name = buildFileName({
    utility: plan.utility, version: plan.standard.version, typeToken, stamp: plan.stamp, extension,
    ...(plan.standard.fileName.hasPopulation ? { population: 'res' } : {}),
  });
  const entry = name.replace(/\.zip$/, csv ? '' : '.txt');
  return { name, entry };
}

function contextFor(plan: GenericPlan, type: FileTypeSpec, n: number): RowContext {
  const salt = textHash(`${plan.standard.id}:${type.id}`);
  const span = Math.max(1, plan.toDay - plan.fromDay + 1);
  return {
    plan,
    n,
    u: (i, k) => unit(plan.seed, salt, i, k),
    int: (i, k, lo, hi) => lo + (hash32(plan.seed, salt, i, k) % (hi - lo + 1)),
    day: (i, k, margin = 0) => plan.fromDay + (hash32(plan.seed, salt ^ 0x5bd1e995, i, k) % Math.max(1, span - margin)),
  };
}

/** Writes one clean delivery of `plan.standard` and returns what the manifest lists. */
export async function writeGeneric(plan: GenericPlan): Promise<GenericResult> {
  const plans = PLANS[plan.standard.id];
  if (!plans) throw new Error(`no generic generator for ${plan.standard.id}`);
  const types = [...plan.standard.fileTypes].sort((a, b) => (a.fileOrder ?? 3) - (b.fileOrder ?? 3));
  const files: ManifestFile[] = [];
  const defects: Defect[] = [];
  for (const type of types) {
    const ftPlan = plans[type.id];
    if (!ftPlan) throw new Error(`the generator has no rows for ${plan.standard.id} ${type.id}`);
    const count = Math.min(MAX_GENERIC_ROWS, ftPlan.count(plan.rows));
    const ctx = contextFor(plan, type, plan.rows);
    const { name, entry } = fileNameOf(plan, type);
    const delimiter = type.delimiter ?? '\t';
    const sink = new FileSink(join(plan.dir, name), plan.compress, entry, stampToLocalDate(plan.stamp));
    sink.line(type.columns.map((col) => col.name).join(delimiter));
    const planner = new DefectPlanner(plan.defects ?? 0, plan.seed, name);
    const targets = defectTargets(plan.standard, type);
    for (let i = 0; i < count; i++) {
      const specific = ftPlan.row(i, ctx);
      const fields = type.columns.map((col) => {
        const v = specific[col.name];
        return v !== undefined ? v : genericValue(col, i, ctx);
      });
      const hit = planner.roll() ? damageGenericRow(fields, targets, planner) : undefined;
      if (hit) defects.push({ file: name, line: sink.lines + 1, column: hit.column, kind: hit.kind });
      const enc = encodeRow(fields, delimiter);
      if ('bytes' in enc) await sink.rawLine(enc.bytes);
      else sink.line(enc.text);
      if (sink.full) await sink.flush();
    }
    await sink.close();
    files.push({ name, rows: count });
  }
  return { files, defects };
}
