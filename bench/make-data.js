/**
 * Writes the benchmark deliveries with a fast deterministic writer (no dependency on `intake generate`), gzip
 * level 6, cached under os.tmpdir()/intake-bench/ so the repo tree stays clean and later runs reuse them.
 *
 * - legacy billing: a customer file (one customer, account and service point per row) and a usage file of
 *   BENCH_ROWS reads (default 10 M): ~20 monthly reads per service point, sorted per service point, with a
 *   few defects (corrections, bad dates, unknown service points) so that every contender has something to find;
 * - interval: 15-minute reads for BENCH_METERS meters (default 10,000) over 30 days = 28.8 M rows.
 *
 * Usage: node bench/make-data.js  (prints the paths as JSON); or import { ensureData }.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const FORMAT_VERSION = 3;
export const READS_PER_SP = 20;

/** Deterministic 32-bit generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** yyyyMMdd strings by day offset from 2014-01-01. */
const DAY0 = Date.UTC(2014, 0, 1);
const DAYS = Array.from({ length: 13 * 366 }, (_, i) => new Date(DAY0 + i * 86400000).toISOString().slice(0, 10).replaceAll('-', ''));
const dayIndex = (y, m, d) => Math.round((Date.UTC(y, m - 1, d) - DAY0) / 86400000);

const CUSTOMER_HEADER = 'customer_id premise_id secondary_id ccb_account_id mail_address_line_1 mail_address_line_2 mail_city mail_state mail_zip_code customer_type business_name first_name last_name email phone language account_id active_date inactive_date is_account_deletion read_cycle rate_code service_point_id service_house_number service_street_name service_unit service_city service_state service_zip_code meter_type meter_unit bldg_sq_foot'.split(' ');
const USAGE_HEADER = ['service_point_id', 'usage_value', 'date_to', 'duration', 'is_estimate', 'usage_charge'];
const INTERVAL_HEADER = ['service_point_id', 'usage_value', 'date', 'time', 'units', 'is_estimate', 'UTC_offset', 'service_type', 'service_quantity_identifier'];

const FIRST = ['Ann', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kim', 'Luis'];
const LAST = ['Lee', 'Smith', 'Garcia', 'Nguyen', 'Brown', 'Okafor', 'Miller', 'Khan', 'Jones', 'Rossi'];
const STREETS = ['Oak St', 'W Main St', 'Maple Ave', 'N Broad St', 'Cary St NE', 'Hull St', 'Grove Ave', 'Patterson Ave'];
const CITIES = [['Richmond', 'VA', '232'], ['Norfolk', 'VA', '235'], ['Raleigh', 'NC', '276'], ['Durham', 'NC', '277']];

export const spId = (i) => String(3000000000 + i * 7);

/** Defects are placed at fixed strides so every contender must find the same ones. */
export const STRIDE = { correction: 100_003, badDate: 250_013, unknown: 333_331 };

function* customerRows(nSp) {
  const r = rng(7);
  let out = `${CUSTOMER_HEADER.join('\t')}\n`;
  for (let i = 0; i < nSp; i++) {
    const [city, state, zip3] = CITIES[i % CITIES.length];
    const business = i % 17 === 0;
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i >> 3) % LAST.length];
    const zip = `${zip3}${String(10 + (i % 90))}`;
    const active = DAYS[dayIndex(2015, 1, 1) + (i % 2000)];
    out += `C${100000000 + i}\tP${200000000 + i}\t\t\t${i + 1} ${STREETS[i % 8]}\t\t${city}\t${state}\t${zip}\t${business ? 'BUSINESS' : 'RESIDENTIAL'}\t${business ? `${last} Hardware LLC` : ''}\t${business ? '' : first}\t${business ? '' : last}\t${first.toLowerCase()}.${i}@example.com\t(804) 555-${String(1000 + (i % 9000))}\t${i % 9 === 0 ? 'es' : 'en'}\tA${500000000 + i}\t${active}\t\t\t${String(1 + (i % 20)).padStart(2, '0')}\tR${1 + (i % 4)}\t${spId(i)}\t${i + 1}\t${STREETS[i % 8]}\t\t${city}\t${state}\t${zip}\t${i % 10 === 0 ? 'AMR' : 'AMI'}\tKWH\t${800 + Math.floor(r() * 3000)}\n`;
    if (out.length > 1 << 20) {
      yield out;
      out = '';
    }
  }
  yield out;
}

function* usageRows(rows) {
  const r = rng(11);
  const nSp = Math.ceil(rows / READS_PER_SP);
  const start = dayIndex(2023, 1, 1);
  let out = `${USAGE_HEADER.join('\t')}\n`;
  let n = 0;
  for (let s = 0; s < nSp && n < rows; s++) {
    const sp = spId(s);
    const readDay = s % 28;
    let prev = start + readDay - 30;
    for (let k = 0; k < READS_PER_SP && n < rows; k++) {
      // The same day of each month: durations of 28–31 days, all in the monthly cycle.
      const y = 2023 + Math.floor(k / 12);
      const end = dayIndex(y, (k % 12) + 1, 1 + readDay);
      const dur = end - prev;
      prev = end;
      const cents = 15000 + Math.floor(r() * 150000);
      const usage = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const charge = (Math.round(cents * 0.137) / 100).toFixed(2);
      const flag = r() < 0.95 ? 'A' : r() < 0.8 ? 'E' : 'U';
      const row = `${sp}\t${usage}\t${n % STRIDE.badDate === STRIDE.badDate - 1 ? '20231301' : DAYS[end]}\t${dur}\t${flag}\t${charge}\n`;
      out += row;
      n++;
      if (n % STRIDE.correction === 0 && n < rows) {
        out += row; // the same period again: a correction
        n++;
      }
      if (n % STRIDE.unknown === 0 && n < rows) {
        out += `9${sp}\t12.5\t${DAYS[end]}\t${dur}\tA\t1.71\n`; // a service point the customer file lacks
        n++;
      }
    }
    if (out.length > 1 << 20) {
      yield out;
      out = '';
    }
  }
  yield out;
}

function* intervalRows(meters, days) {
  const r = rng(13);
  const start = dayIndex(2025, 6, 1);
  let out = `${INTERVAL_HEADER.join('\t')}\n`;
  const times = Array.from({ length: 96 }, (_, q) => {
    const m = ((q + 1) * 15) % 1440;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
  });
  for (let s = 0; s < meters; s++) {
    const sp = spId(s);
    const base = 0.05 + r() * 0.6;
    for (let d = 0; d < days; d++) {
      const day = DAYS[start + d];
      const next = DAYS[start + d + 1];
      for (let q = 0; q < 96; q++) {
        // Interval end times: 0015 … 2345, then 0000 of the next day.
        const v = (base * (0.5 + r() * 1.5)).toFixed(3);
        out += `${sp}\t${v}\t${q === 95 ? next : day}\t${times[q]}\tKWH\t${r() < 0.99 ? 'A' : 'E'}\t-04:00\tELECTRIC\t\n`;
      }
      if (out.length > 1 << 20) {
        yield out;
        out = '';
      }
    }
  }
  yield out;
}

async function writeGz(file, gen) {
  const tmp = `${file}.part`;
  await pipeline(Readable.from(gen, { objectMode: false }), createGzip({ level: 6, chunkSize: 256 * 1024 }), createWriteStream(tmp));
  renameSync(tmp, file);
}

/** Makes (or reuses) the benchmark deliveries; returns their paths and row counts. */
export async function ensureData({ rows = Number(process.env.BENCH_ROWS ?? 10_000_000), meters = Number(process.env.BENCH_METERS ?? Math.max(1, Math.round(rows / 1000))), days = 30, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const dir = path.join(process.env.BENCH_DATA ?? path.join(tmpdir(), 'intake-bench'), `v${FORMAT_VERSION}-r${rows}-m${meters}x${days}`);
  const done = path.join(dir, 'data.json');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const nSp = Math.ceil(rows / READS_PER_SP);
  const customer = path.join(dir, 'opwr_demo_res_1-19-0_customer_20250101000000.gz');
  const usage = path.join(dir, 'opwr_demo_res_1-19-0_usage_20250101000000.gz');
  const interval = path.join(dir, 'opwr_demo_res_2-0-5_interval15_20250701000000.gz');
  const t0 = Date.now();
  log(`writing benchmark data to ${dir} …`);
  await Promise.all([writeGz(customer, customerRows(nSp)), writeGz(usage, usageRows(rows))]);
  log(`  legacy billing: ${nSp} service points, ${rows} reads (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await writeGz(interval, intervalRows(meters, days));
  log(`  interval: ${meters} meters × ${days} days × 96 = ${meters * days * 96} rows (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const data = {
    dir,
    legacy: { files: [customer, usage], customerRows: nSp, usageRows: rows },
    interval: { files: [interval], rows: meters * days * 96 },
  };
  writeFileSync(done, JSON.stringify(data, null, 2));
  return data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await ensureData(), null, 2));
}
