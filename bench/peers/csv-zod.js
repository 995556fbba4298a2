/**
 * The typical Node approach: csv-parse (tab-delimited, one object per row) and a zod schema per row, plus the
 * same checks across rows as Intake, in plain Maps and Sets: repeated records, an account's active date, a
 * service point's premise, units at shared addresses, read order / corrections / overlaps per service point,
 * unknown service points; for interval files the grid and the order and corrections per channel.
 * Files are read in the order given (customer before usage). Prints {rows, counts} as JSON.
 * BENCH_PEER_ROWS caps the data rows read per file (the runner then scales the time).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { z } from 'zod';

const CAP = Number(process.env.BENCH_PEER_ROWS ?? Infinity);
const NULL_TOKENS = new Set(['NULL', 'null', '\\N', 'NA', 'N/A']);
const STATES = new Set('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP'.split(' '));

const counts = {};
const note = (code, n = 1) => (counts[code] = (counts[code] ?? 0) + n);

const isDate = (s) => {
  if (!/^\d{8}$/.test(s)) return false;
  const y = +s.slice(0, 4), m = +s.slice(4, 6), d = +s.slice(6, 8);
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1800 && y < 2200 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const dayOf = (s) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)) / 86400000;
const notNull = (s) => !NULL_TOKENS.has(s);
const req = z.string().min(1).refine(notNull, 'FIELD_NULL_TOKEN');
const opt = z.string().refine(notNull, 'FIELD_NULL_TOKEN');
const date = z.string().refine(isDate, 'FIELD_BAD_DATE');
const optDate = z.string().refine((s) => s === '' || isDate(s), 'FIELD_BAD_DATE');
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const oneOf = (vals, optional = false) => z.string().refine((s) => (optional && s === '') || vals.includes(s), 'FIELD_BAD_ENUM');

const customerSchema = z.object({
  customer_id: req, premise_id: req, secondary_id: opt, ccb_account_id: opt,
  mail_address_line_1: req, mail_address_line_2: opt, mail_city: req,
  mail_state: z.string().refine((s) => STATES.has(s), 'FIELD_BAD_STATE'),
  mail_zip_code: z.string().regex(/^(\d{5}|\d{9}|\d{5}-\d{4})$/, 'FIELD_BAD_ZIP'),
  customer_type: oneOf(['RESIDENTIAL', 'BUSINESS']),
  business_name: opt, first_name: opt, last_name: opt,
  email: z.string().refine((s) => s === '' || /^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/.test(s), 'FIELD_BAD_EMAIL'),
  phone: z.string().refine((s) => s === '' || /^\+?1?[\s().-]*(\d[\s().-]*){10}$/.test(s), 'FIELD_BAD_PHONE'),
  language: z.string().regex(/^([a-z]{2})?$/, 'FIELD_BAD_LANGUAGE'),
  account_id: req, active_date: date, inactive_date: optDate,
  is_account_deletion: z.string().max(0, 'ROW_DELETION_NOT_ALLOWED'),
  read_cycle: opt, rate_code: opt,
  service_point_id: req, service_house_number: req, service_street_name: req, service_unit: opt, service_city: req,
  service_state: z.string().refine((s) => STATES.has(s), 'FIELD_BAD_STATE'),
  service_zip_code: z.string().regex(/^(\d{5}|\d{9}|\d{5}-\d{4})$/, 'FIELD_BAD_ZIP'),
  meter_type: oneOf(['AMI', 'AMR', 'MANUAL'], true),
  meter_unit: oneOf(['KWH', 'THERMS', 'CCF', 'HCF', 'GALLONS']),
  bldg_sq_foot: z.string().refine((s) => s === '' || (/^\d+$/.test(s) && +s >= 1 && +s <= 100000), 'FIELD_OUT_OF_RANGE'),
}).superRefine((r, ctx) => {
  if (r.customer_type === 'BUSINESS' && r.business_name === '') ctx.addIssue({ code: 'custom', message: 'ROW_CONDITIONAL_REQUIRED' });
  if (r.customer_type === 'RESIDENTIAL' && (r.first_name === '' || r.last_name === '')) ctx.addIssue({ code: 'custom', message: 'ROW_CONDITIONAL_REQUIRED' });
  if (r.inactive_date !== '' && isDate(r.inactive_date) && isDate(r.active_date) && r.inactive_date < r.active_date) ctx.addIssue({ code: 'custom', message: 'ROW_DATES_ORDER' });
});

const inCycle = (v) => (v >= 25 && v <= 35) || (v >= 55 && v <= 65) || (v >= 85 && v <= 95) || (v >= 360 && v <= 370);
const usageSchema = z.object({
  service_point_id: req,
  usage_value: z.string().regex(decimal, 'FIELD_BAD_NUMBER').transform(Number)
    .refine((v) => v <= 999999999, 'FIELD_OUT_OF_RANGE').refine((v) => v >= 0, 'USAGE_NEGATIVE').refine((v) => v !== 0, 'USAGE_ZERO'),
  date_to: date,
  duration: z.string().regex(/^\d+$/, 'FIELD_NOT_INTEGER').transform(Number).refine((v) => v >= 1 && v <= 400, 'FIELD_OUT_OF_RANGE').refine(inCycle, 'USAGE_ODD_CYCLE'),
  is_estimate: oneOf(['A', 'E', 'U']),
  usage_charge: z.string().refine((s) => s === '' || (decimal.test(s) && !/\.\d{3,}$/.test(s)), 'FIELD_TOO_MANY_DECIMALS'),
});

const intervalSchema = z.object({
  service_point_id: req,
  usage_value: z.string().regex(decimal, 'FIELD_BAD_NUMBER').transform(Number).refine((v) => v >= 0, 'USAGE_NEGATIVE'),
  date,
  time: z.string().regex(/^([01]\d|2[0-3])[0-5]\d$/, 'FIELD_BAD_TIME').refine((s) => +s.slice(2) % 15 === 0, 'INTERVAL_OFF_GRID'),
  units: oneOf(['KWH', 'WH', 'KW', 'KVARH', 'THERMS', 'CCF', 'HCF', 'CF', 'GAL', 'A']),
  is_estimate: oneOf(['A', 'E', 'U']),
  UTC_offset: z.string().regex(/^([+-](0\d|1[0-4]):[0-5]\d)?$/, 'FIELD_BAD_OFFSET'),
  service_type: oneOf(['ELECTRIC', 'GAS', 'WATER'], true),
  service_quantity_identifier: oneOf(['GENERATED'], true),
});

// State shared across the files of the delivery.
const servicePoints = new Set();
let hasCustomerData = false;

function customerChecks() {
  const records = new Set();
  const active = new Map();
  const premiseOf = new Map();
  const addresses = new Map();
  return (r) => {
    const key = `${r.account_id}\u0000${r.service_point_id}`;
    if (records.has(key)) note('ENTITY_REPEATED');
    records.add(key);
    servicePoints.add(r.service_point_id);
    const a = active.get(r.account_id);
    if (a !== undefined && a !== r.active_date) note('ACCOUNT_ACTIVE_DATE_CHANGED');
    else active.set(r.account_id, r.active_date);
    const p = premiseOf.get(r.service_point_id);
    if (p !== undefined && p !== r.premise_id) note('SERVICE_POINT_REASSIGNED');
    else premiseOf.set(r.service_point_id, r.premise_id);
    if (r.service_unit === '') {
      const addr = `${r.service_house_number}|${r.service_street_name}|${r.service_city}|${r.service_zip_code.slice(0, 5)}`.toUpperCase();
      let s = addresses.get(addr);
      if (!s) addresses.set(addr, (s = new Set()));
      if (s.size < 3) s.add(r.premise_id);
    }
  };
}

function usageChecks() {
  const last = new Map(); // sp → {end, dur, periods: Set}
  return (r) => {
    const sp = r.service_point_id;
    let st = last.get(sp);
    if (!st) {
      if (hasCustomerData && !servicePoints.has(sp)) note('USAGE_UNKNOWN_SERVICE_POINT');
      last.set(sp, (st = { end: -1, dur: 0, periods: new Set() }));
    }
    const end = dayOf(r.date_to);
    const dur = r.duration;
    const start = end - dur + 1;
    const period = `${end}/${dur}`;
    if (st.end < 0) {
      st.end = end; st.dur = dur; st.periods.add(period);
      return;
    }
    if (end > st.end) {
      if (start <= st.end) note('READ_OVERLAP');
      st.end = end; st.dur = dur; st.periods.add(period);
      return;
    }
    if (st.periods.has(period)) note('READ_CORRECTION');
    else {
      note('READ_OUT_OF_ORDER');
      st.periods.add(period);
    }
  };
}

function intervalChecks() {
  const last = new Map(); // channel → last end (yyyyMMddHHmm as a number)
  return (r) => {
    const channel = `${r.service_point_id}|${r.service_quantity_identifier}`;
    const t = r.time === '0000' ? dayOf(r.date) * 1440 : dayOf(r.date) * 1440 + +r.time.slice(0, 2) * 60 + +r.time.slice(2);
    const prev = last.get(channel);
    if (prev !== undefined && t <= prev) note(t === prev ? 'INTERVAL_CORRECTION' : 'INTERVAL_OUT_OF_ORDER');
    else last.set(channel, t);
  };
}

let rows = 0;
for (const file of process.argv.slice(2)) {
  const name = basename(file);
  const kind = name.includes('_customer_') ? 'customer' : name.includes('_usage_') ? 'usage' : 'interval';
  const schema = kind === 'customer' ? customerSchema : kind === 'usage' ? usageSchema : intervalSchema;
  const check = kind === 'customer' ? customerChecks() : kind === 'usage' ? usageChecks() : intervalChecks();
  if (kind === 'customer') hasCustomerData = true;
  const parser = createReadStream(file, { highWaterMark: 256 * 1024 })
    .pipe(createGunzip({ chunkSize: 256 * 1024 }))
    .pipe(parse({ delimiter: '\t', columns: true, quote: false, relax_column_count: true, skip_empty_lines: false }));
  let n = 0;
  for await (const row of parser) {
    if (++n > CAP) {
      parser.destroy();
      break;
    }
    rows++;
    const res = schema.safeParse(row);
    if (!res.success) {
      for (const issue of res.error.issues) note(`${issue.message}${issue.path.length ? `:${issue.path.join('.')}` : ''}`);
      // A row whose key fields fail is not used across rows (as in Intake).
      const bad = new Set(res.error.issues.map((i) => i.path[0]));
      if (bad.has('service_point_id') || bad.has('date_to') || bad.has('duration') || bad.has('date') || bad.has('time')) continue;
      check(kind === 'usage' ? { ...row, duration: Number(row.duration) } : row);
    } else check(res.data);
  }
}
process.stdout.write(`${JSON.stringify({ rows, counts, maxRSS: process.resourceUsage().maxRSS * 1024 })}\n`);
