/**
 * Load speed: end-to-end `loadDelivery` of a legacy billing delivery (a customer file and a usage file of
 * LOAD_BENCH_ROWS usage reads, default 1 M; set 10000000 for the 10 M figure) into a fresh store: embedded PGlite
 * always, PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. Timed from the files on disk to the
 * committed transaction. The delivery is written once and cached under os.tmpdir()/intake-bench/.
 *
 * Run alone: npm run build && node bench/load-speed.js
 * As part of `npm run bench`: export default run() → [{ name, rows, seconds, rowsPerSecond }].
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const ROWS = Number(process.env.LOAD_BENCH_ROWS ?? 1_000_000);
const READS_PER_SP = 24;
const STAMP = '20240201000000';

const CUSTOMER_COLUMNS = 'customer_id premise_id secondary_id ccb_account_id mail_address_line_1 mail_address_line_2 mail_city mail_state mail_zip_code customer_type business_name first_name last_name email phone language account_id active_date inactive_date is_account_deletion read_cycle rate_code service_point_id service_house_number service_street_name service_unit service_city service_state service_zip_code meter_type meter_unit bldg_sq_foot'.split(' ');

/** End dates of 24 monthly reads, Jan 2022 .. Dec 2023, with their durations. */
const MONTHS = Array.from({ length: READS_PER_SP }, (_, i) => {
  const y = 2022 + Math.floor(i / 12);
  const m = (i % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { dateTo: `${y}${String(m).padStart(2, '0')}${last}`, duration: last };
});

async function writeGz(file, lines) {
  const tmp = `${file}.part`;
  await pipeline(lines, createGzip({ level: 1 }), createWriteStream(tmp));
  renameSync(tmp, file);
}

/** Writes (or reuses) the delivery; returns its files. */
export async function ensureDelivery(rows = ROWS) {
  const dir = path.join(tmpdir(), 'intake-bench', `load-${rows}`);
  mkdirSync(dir, { recursive: true });
  const sps = Math.ceil(rows / READS_PER_SP);
  const customer = path.join(dir, `opwr_bnch_res_1-19-0_customer_${STAMP}.gz`);
  const usage = path.join(dir, `opwr_bnch_res_1-19-0_usage_${STAMP}.gz`);
  if (!existsSync(customer)) {
    await writeGz(customer, (function* () {
      yield `${CUSTOMER_COLUMNS.join('\t')}\n`;
      let batch = '';
      for (let i = 0; i < sps; i++) {
        const id = String(i).padStart(8, '0');
        batch += `C${id}\tP${id}\t\t\t${i} Main St\t\tRichmond\tVA\t23220\tRESIDENTIAL\t\tAnn\tLee${i % 997}\t\t\ten\tA${id}\t20210101\t\t\t${i % 20}\tR1\tS${id}\t${i}\tMain St\t\tRichmond\tVA\t23220\tAMI\tKWH\t${1000 + (i % 2000)}\n`;
        if (batch.length > 1 << 20) { yield batch; batch = ''; }
      }
      yield batch;
    })());
  }
  if (!existsSync(usage)) {
    await writeGz(usage, (function* () {
      yield 'service_point_id\tusage_value\tdate_to\tduration\tis_estimate\tusage_charge\n';
      let batch = '';
      let n = 0;
      for (let i = 0; i < sps && n < rows; i++) {
        const sp = `S${String(i).padStart(8, '0')}`;
        for (let k = 0; k < READS_PER_SP && n < rows; k++, n++) {
          const m = MONTHS[k];
          const v = 300 + ((i * 31 + k * 17) % 900);
          batch += `${sp}\t${v}.${k % 10}0\t${m.dateTo}\t${m.duration}\t${k % 7 ? 'A' : 'E'}\t${(v * 0.13).toFixed(2)}\n`;
        }
        if (batch.length > 1 << 20) { yield batch; batch = ''; }
      }
      yield batch;
    })());
  }
  return { rows: rows + sps, files: [customer, usage].map((p) => ({ path: p, name: path.basename(p) })) };
}

async function timeLoad(name, open, delivery) {
  const { migrate, loadDelivery } = await import(pathToFileURL(path.join(dist, 'store', 'index.js')).href);
  const { db, cleanup } = await open();
  try {
    await migrate(db);
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const r = await loadDelivery(db, { deliveryId: `bench-${Date.now()}`, utility: 'bnch', standard: 'legacy-billing', files: delivery.files });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    // CPU seconds of this process (all of PGlite's work; only the client side for PostgreSQL): on a busy machine
    // rows per CPU second tells what an idle one would do.
    const cpuSeconds = Number(((cpu.user + cpu.system) / 1e6).toFixed(2));
    return { name, rows: r.rows, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(r.rows / seconds), cpuSeconds };
  } finally {
    await db.close();
    await cleanup();
  }
}

export default async function run() {
  const { openDb } = await import(pathToFileURL(path.join(dist, 'store', 'index.js')).href);
  const delivery = await ensureDelivery();
  const results = [];
  results.push(await timeLoad('load legacy billing → PGlite', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'intake-bench-pglite-'));
    return { db: await openDb({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }, delivery));
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    results.push(await timeLoad('load legacy billing → PostgreSQL', async () => {
      const schema = `bench_load_${process.pid}_${Date.now()}`;
      const admin = await openDb({ databaseUrl: url });
      await admin.exec(`CREATE SCHEMA ${schema}`);
      const db = await openDb({ databaseUrl: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` });
      return { db, cleanup: async () => { await admin.exec(`DROP SCHEMA ${schema} CASCADE`); await admin.close(); } };
    }, delivery));
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await run();
  for (const r of rows) process.stdout.write(`${r.name}: ${r.rows} rows in ${r.seconds} s = ${r.rowsPerSecond} rows/s (process CPU ${r.cpuSeconds} s)\n`);
}
