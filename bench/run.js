/**
 * `npm run bench`: makes (or reuses) the benchmark deliveries, then times, interleaved in one run, Intake's
 * `validate` against Node's gunzip to a null sink (the limit), csv-parse + zod and DuckDB doing the same checks.
 * Each contender is its own child process; wall time is measured around it (Node start-up included for all),
 * peak RSS is the child's maxRSS (from /usr/bin/time when present), and so is its CPU time over all threads
 * (user + system), which a busy machine disturbs less than wall time. The median of BENCH_RUNS runs is reported,
 * with the load average before and after each set.
 *
 * Environment: BENCH_ROWS (usage reads, default 10 M; interval meters follow as rows / 1000), BENCH_RUNS
 * (default 3), BENCH_PEER_ROWS (csv-zod and DuckDB read only that many rows per file and their time is scaled
 * linearly; the table says so), BENCH_ONLY (comma list of contenders), BENCH_SETS (legacy,interval),
 * BENCH_OUT (where the JSON goes; default bench/results.json), BENCH_OTHERS=0 (skip the other benches).
 * Also runs the other benches of the project when present (bench/generate-speed.js, load-speed.js, sftp-speed.js).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureData } from './make-data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PEER_ROWS = process.env.BENCH_PEER_ROWS ? Number(process.env.BENCH_PEER_ROWS) : undefined;
const ONLY = process.env.BENCH_ONLY?.split(',');
const SETS = (process.env.BENCH_SETS ?? 'legacy,interval').split(',');
const OUT = process.env.BENCH_OUT ?? path.join(here, 'results.json');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const log = (s) => process.stderr.write(`${s}\n`);

/** Codes every contender checks the same way; their counts must agree (when no peer is capped). */
const COMPARED = ['FIELD_BAD_DATE', 'READ_CORRECTION', 'READ_OUT_OF_ORDER', 'READ_OVERLAP', 'USAGE_UNKNOWN_SERVICE_POINT', 'INTERVAL_CORRECTION', 'INTERVAL_OUT_OF_ORDER'];

/**
 * The Node flags and environment of the CLI's shebang (`#!/usr/bin/env -S [NAME=VALUE…] node FLAGS`), so the
 * benchmark runs it as users do.
 */
function cliShebang(bin) {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\S*env -S\s+(.*)$/.exec(first);
  const words = m ? m[1].trim().split(/\s+/) : [];
  const at = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, Math.max(at, 0)).filter((w) => w.includes('=')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { flags: at >= 0 ? words.slice(at + 1) : [], env };
}

function intakeCommand(files, reportPath) {
  const cli = path.join(root, 'dist', 'cli', 'commands', 'validate.js');
  const bin = path.join(root, 'bin', 'intake.js');
  const { flags, env } = cliShebang(bin);
  if (existsSync(cli)) return { args: [...flags, bin, 'validate', ...files, '--json', reportPath], report: reportPath, env };
  return { args: [path.join(here, 'peers', 'intake-api.js'), ...files] };
}

const CONTENDERS = [
  { id: 'gunzip', title: 'Node gunzip → null (the limit)', cmd: (files) => ({ args: [path.join(here, 'peers', 'gunzip-null.js'), ...files] }) },
  { id: 'intake', title: 'Intake validate', cmd: (files) => intakeCommand(files, path.join(tmpdir(), 'intake-bench', `report-${process.pid}.json`)) },
  { id: 'csv-zod', title: 'csv-parse + zod', capped: true, cmd: (files) => ({ args: [path.join(here, 'peers', 'csv-zod.js'), ...files] }) },
  { id: 'duckdb', title: 'DuckDB (@duckdb/node-api)', capped: true, cmd: (files) => ({ args: [path.join(here, 'peers', 'duckdb.js'), ...files] }) },
].filter((c) => !ONLY || ONLY.includes(c.id));

/** Runs one contender; resolves with wall seconds, peak RSS bytes and what it printed. */
function runOnce(contender, files) {
  const { args, report, env: extraEnv } = contender.cmd(files);
  const env = { ...process.env, ...(extraEnv ?? {}) };
  if (contender.capped && PEER_ROWS) env.BENCH_PEER_ROWS = String(PEER_ROWS);
  else delete env.BENCH_PEER_ROWS;
  const argv = TIME ? [TIME, ['-f', '@@RSS %M @@CPU %U %S', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv[1], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      // Intake exits 1 when the data has errors; anything else non-zero is a failure.
      if (code !== 0 && !(contender.id === 'intake' && code === 1)) {
        reject(new Error(`${contender.id} exited ${code}: ${err.slice(-2000)}`));
        return;
      }
      const rssKb = /@@RSS (\d+)/.exec(err)?.[1];
      const cpu = /@@CPU ([\d.]+) ([\d.]+)/.exec(err);
      let result = {};
      try {
        if (report) {
          const r = JSON.parse(readFileSync(report, 'utf8'));
          rmSync(report, { force: true });
          result = { rows: r.summary.rows, counts: Object.fromEntries(r.issues.map((i) => [`${i.code}${i.column ? `:${i.column}` : ''}`, i.count])) };
        } else {
          result = JSON.parse(out.trim().split('\n').pop() ?? '{}');
        }
      } catch (e) {
        reject(new Error(`${contender.id}: unreadable output (${e.message}): ${out.slice(-500)} ${err.slice(-500)}`));
        return;
      }
      // CPU seconds of all the child's threads (user + system): steadier than wall time on a busy machine.
      resolve({ wall, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, rss: rssKb ? Number(rssKb) * 1024 : result.maxRSS, rows: result.rows, bytes: result.bytes, counts: result.counts ?? {} });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const byCode = (counts) => {
  const out = {};
  for (const [k, v] of Object.entries(counts ?? {})) {
    const code = k.split(':')[0];
    if (COMPARED.includes(code)) out[code] = (out[code] ?? 0) + v;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
};

async function benchSet(id, set, totalRows) {
  const files = set.files;
  const compressed = files.reduce((n, f) => n + statSync(f).size, 0);
  const samples = Object.fromEntries(CONTENDERS.map((c) => [c.id, []]));
  const load = [loadavg()[0] ?? 0];
  for (let run = 1; run <= RUNS; run++) {
    for (const c of CONTENDERS) {
      const r = await runOnce(c, files);
      samples[c.id].push(r);
      log(`  ${id} run ${run}/${RUNS} ${c.id}: ${r.wall.toFixed(2)} s wall, ${r.cpu?.toFixed(2) ?? '?'} s CPU, ${(r.rss / 1048576).toFixed(0)} MB${r.rows !== undefined ? `, ${r.rows} rows` : ''} (load ${loadavg()[0]?.toFixed(1)})`);
    }
  }
  load.push(loadavg()[0] ?? 0);
  const uncompressed = samples.gunzip?.[0]?.bytes;
  const intakeCounts = byCode(samples.intake?.[0]?.counts);
  const rows = CONTENDERS.map((c) => {
    const s = samples[c.id];
    const rowsRead = s[0].rows ?? totalRows;
    // A capped peer read a prefix: its time is scaled to the whole delivery.
    const scale = c.capped && PEER_ROWS && rowsRead < totalRows ? totalRows / rowsRead : 1;
    const wall = median(s.map((x) => x.wall)) * scale;
    const cpu = s.every((x) => x.cpu !== undefined) ? median(s.map((x) => x.cpu)) * scale : undefined;
    const same = c.id === 'gunzip' ? null : scale !== 1 ? 'n/a (prefix)' : JSON.stringify(byCode(s[0].counts)) === JSON.stringify(intakeCounts) ? 'yes' : `no: ${JSON.stringify(byCode(s[0].counts))}`;
    return {
      contender: c.id,
      title: c.title,
      wallSeconds: wall,
      cpuSeconds: cpu,
      runs: s.map((x) => Number(x.wall.toFixed(3))),
      cpuRuns: s.map((x) => x.cpu),
      scaledFromRows: scale !== 1 ? rowsRead : undefined,
      rowsPerSecond: totalRows / wall,
      mbPerSecond: uncompressed ? uncompressed / 1e6 / wall : undefined,
      compressedMbPerSecond: compressed / 1e6 / wall,
      peakRssMB: Math.max(...s.map((x) => x.rss)) / 1048576,
      sameFindings: same,
      counts: s[0].counts,
    };
  });
  const intake = rows.find((r) => r.contender === 'intake');
  for (const r of rows) {
    r.ratioToIntake = intake ? r.wallSeconds / intake.wallSeconds : undefined;
    r.cpuRatioToIntake = intake?.cpuSeconds && r.cpuSeconds ? r.cpuSeconds / intake.cpuSeconds : undefined;
  }
  return { set: id, loadAverage: load, files: files.map((f) => path.basename(f)), rows: totalRows, compressedBytes: compressed, uncompressedBytes: uncompressed, results: rows };
}

function table(set) {
  const lines = [
    `### ${set.set}: ${set.rows.toLocaleString('en-US')} rows, ${(set.compressedBytes / 1e6).toFixed(0)} MB gzip${set.uncompressedBytes ? `, ${(set.uncompressedBytes / 1e6).toFixed(0)} MB uncompressed` : ''} (load average ${set.loadAverage.map((l) => l.toFixed(1)).join(' → ')})`,
    '',
    '| contender | wall (median) | rows/s | MB/s (uncompressed) | peak RSS | wall ÷ Intake | CPU s (all threads) | CPU ÷ Intake | same findings |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of set.results) {
    const wall = `${r.wallSeconds.toFixed(2)} s${r.scaledFromRows ? ` (scaled from ${r.scaledFromRows.toLocaleString('en-US')} rows)` : ''}`;
    const ratio = r.ratioToIntake === undefined ? '' : r.contender === 'intake' ? '1' : r.contender === 'gunzip' ? `${r.ratioToIntake.toFixed(2)} (Intake = ${(1 / r.ratioToIntake).toFixed(2)} × gunzip)` : `${r.ratioToIntake.toFixed(1)}`;
    const cpuRatio = r.cpuRatioToIntake === undefined ? '' : r.contender === 'intake' ? '1' : r.contender === 'gunzip' ? `${r.cpuRatioToIntake.toFixed(2)}` : r.cpuRatioToIntake.toFixed(1);
    lines.push(`| ${r.title} | ${wall} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} | ${r.mbPerSecond?.toFixed(0) ?? ''} | ${r.peakRssMB.toFixed(0)} MB | ${ratio} | ${r.cpuSeconds?.toFixed(2) ?? ''} | ${cpuRatio} | ${r.sameFindings ?? ''} |`);
  }
  return lines.join('\n');
}

/** Other helpers' benches: `export default async function run()` returning rows of {name, ...}. */
async function otherBenches() {
  const out = [];
  for (const f of ['generate-speed.js', 'load-speed.js', 'sftp-speed.js']) {
    const p = path.join(here, f);
    if (!existsSync(p)) continue;
    try {
      const mod = await import(pathToFileURL(p).href);
      const result = await mod.default();
      // One row or several: both are accepted.
      out.push({ bench: f, rows: Array.isArray(result) ? result : [result] });
    } catch (e) {
      out.push({ bench: f, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

function otherTable(b) {
  if (b.error) return `### ${b.bench}\n\nfailed: ${b.error}`;
  const keys = [...new Set(b.rows.flatMap((r) => Object.keys(r)))];
  const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(2)) : String(v ?? ''));
  return [`### ${b.bench}`, '', `| ${keys.join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${keys.map((k) => fmt(r[k])).join(' | ')} |`)].join('\n');
}

const data = await ensureData({ log });
const sets = [];
for (const id of SETS) {
  const set = id === 'legacy' ? { files: data.legacy.files } : { files: data.interval.files };
  const totalRows = id === 'legacy' ? data.legacy.customerRows + data.legacy.usageRows : data.interval.rows;
  log(`${id}: ${set.files.map((f) => path.basename(f)).join(', ')}`);
  sets.push(await benchSet(id, set, totalRows));
}
const others = process.env.BENCH_OTHERS === '0' ? [] : await otherBenches();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
const md = [
  `## Intake benchmark (${new Date().toISOString().slice(0, 16)}Z, ${machine}, median of ${RUNS} interleaved runs${PEER_ROWS ? `, peers capped at ${PEER_ROWS.toLocaleString('en-US')} rows per file and scaled` : ''})`,
  '',
  ...sets.map(table).flatMap((t) => [t, '']),
  ...others.map(otherTable).flatMap((t) => [t, '']),
].join('\n');
process.stdout.write(`${md}\n`);
writeFileSync(OUT, `${JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, peerRows: PEER_ROWS ?? null, sets, others }, null, 2)}\n`);
log(`results written to ${OUT}`);
