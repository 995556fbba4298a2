/**
 * The fast lane (compileLineReader) changes how clean rows are read, never what a report says: every delivery
 * here is validated with it and without it (INTAKE_FAST_LANE=0), and the two reports must be the same, down to
 * each example's line, value and key. Damaged generated deliveries cover the generator's defect kinds; a
 * hand-made file covers what generators do not write: CRLF, a BOM, control characters, blank lines, quotes,
 * extra and missing columns and lines longer than a read chunk.
 */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generate, type GenerateOptions } from '../../src/generate/index.js';
import { scratchDirs } from '../generate/helpers.js';
import { runCli } from '../helpers/cli.js';

const dir = scratchDirs();

/** The report as JSON without its clock readings. */
type Way = 'general' | 'fast lane' | 'reader thread' | 'reader thread, every other slot read here';
const ENV: Record<Way, Record<string, string>> = {
  general: { INTAKE_FAST_LANE: '0', INTAKE_READER_THREAD: '0' },
  'fast lane': { INTAKE_FAST_LANE: '1', INTAKE_READER_THREAD: '0' },
  // Forced on small files; its script is the built one (npm test builds first).
  'reader thread': { INTAKE_FAST_LANE: '1', INTAKE_READER_THREAD: '1', INTAKE_READER_RAW: '0' },
  // Every other slot handed over unread (META_RAW) and read by the validator's thread: both kinds in each file.
  'reader thread, every other slot read here': { INTAKE_FAST_LANE: '1', INTAKE_READER_THREAD: '1', INTAKE_READER_RAW: '1' },
};

async function report(files: string[], out: string, way: Way): Promise<{ code: number; json: unknown }> {
  const was = { ...process.env };
  Object.assign(process.env, ENV[way]);
  try {
    const res = await runCli(['validate', '--max-examples', '50', '--json', out, ...files]);
    const text = (await readFile(out, 'utf8')).replace(/"(generatedAt|elapsedMs)": [^,\n]+/g, '"$1": 0');
    return { code: res.code, json: JSON.parse(text) };
  } finally {
    for (const k of Object.keys(ENV[way])) {
      if (was[k] === undefined) delete process.env[k];
      else process.env[k] = was[k];
    }
  }
}

async function sameBothWays(files: string[], work: string): Promise<{ code: number; json: { summary: { errors: number; warnings: number } } }> {
  const general = await report(files, join(work, 'general.json'), 'general');
  for (const way of ['fast lane', 'reader thread', 'reader thread, every other slot read here'] as const) {
    const other = await report(files, join(work, `${way}.json`), way);
    expect(other.code, way).toBe(general.code);
    expect(other.json, way).toEqual(general.json);
  }
  return general as { code: number; json: { summary: { errors: number; warnings: number } } };
}

const generated: [string, Omit<GenerateOptions, 'out'>][] = [
  ['legacy two-file', { standard: 'legacy-billing', accounts: 300, defects: 0.03, seed: 5 }],
  ['legacy single-file', { standard: 'legacy-billing', accounts: 200, defects: 0.03, seed: 6, layout: 'single-file' }],
  ['interval 15 min over spring forward', { standard: 'interval', interval: 15, meters: 12, since: '2025-03-05', until: '2025-03-12', defects: 0.01, seed: 7 }],
  ['interval 60 min over fall back', { standard: 'interval', interval: 60, meters: 12, since: '2024-10-30', until: '2024-11-06', defects: 0.02, seed: 8 }],
  ['billing', { standard: 'billing', accounts: 200, defects: 0.03, seed: 9 }],
  ['premise', { standard: 'premise', accounts: 200, defects: 0.03, seed: 10 }],
];

describe('fast lane: the same report as the general path', () => {
  for (const [name, options] of generated) {
    it(name, async () => {
      const out = await dir('fl-gen');
      const m = await generate({ ...options, out } as GenerateOptions);
      const work = await dir('fl-rep');
      const r = await sameBothWays(m.files.map((f) => join(out, f.name)), work);
      // The damage is there to be found (both ways alike).
      expect(r.json.summary.errors + r.json.summary.warnings).toBeGreaterThan(0);
    });
  }

  it('a truncated archive and a zip archive', async () => {
    const out = await dir('fl-broken');
    const m = await generate({ standard: 'interval', interval: 15, meters: 30, since: '2025-03-01', until: '2025-03-10', defects: 0.01, seed: 13, out });
    const full = await readFile(join(out, m.files[0]!.name));
    const truncated = join(out, 'opwr_demo_res_2-0-5_interval15_20250311000000.gz');
    await writeFile(truncated, full.subarray(0, Math.floor(full.length * 0.6)));
    const work = await dir('fl-broken-rep');
    const r = await sameBothWays([truncated], work);
    expect(JSON.stringify(r.json)).toContain('ARCHIVE_TRUNCATED');
    const z = await dir('fl-zip');
    const mz = await generate({ standard: 'interval', interval: 60, meters: 10, since: '2025-03-01', until: '2025-03-10', defects: 0.01, seed: 14, compress: 'zip', out: z });
    await sameBothWays(mz.files.map((f) => join(z, f.name)), work);
  });

  it('lines the generators never write', async () => {
    const out = await dir('fl-hand');
    const header = 'service_point_id\tusage_value\tdate_to\tduration\tis_estimate\tusage_charge';
    const rows = [
      'SP-1\t10.5\t20230131\t31\tA\t1.25',
      'SP-1\t11\t20230228\t28\tA\t1.30\r', // CRLF
      'SP-1\t12\t20230331\t31\tA\t1.\u0000', // NUL
      '',
      'SP-2\t12\t20230331\t31\tA',
      'SP-2\t12\t20230331\t31\tA\t1\textra',
      'SP-2\tNULL\t20230331\t31\tA\t1',
      'SP-2\t+12\t20230430\t30\tE\t\r',
      'SP-2\t12\t20230531\t31\tU\t"1"',
      'SP-3\t1e3\t20230531\t31\tA\t1',
      'SP-3\t1,000\t20230531\t31\tA\t1',
      'SP-3\t.5\t20230630\t30\tA\t0.0000000000000001',
      'SP-3\t5.\t20230731\t31\ta\t-1',
      `SP-${'9'.repeat(300_000)}\t5\t20230831\t31\tA\t1`, // longer than a read chunk
      'SP-3\t5\t2023083\t31\tA\t1',
      'SP-3\t5\t20230931\t31\tA\t1',
      'SP-4\t5\t20230930\t\tA\t1',
      'SP-4\t\t20231031\t31\tA\t1',
      '\tNULL\t\t\t\t',
      'SP-4\t5\t20231130\t30\tA\t1\r\r',
      'SP-4\t5\t20231231\t31\tA\t1 ',
      'SP-5\t-5\t20230131\t31\tA\t1',
      'SP-5\t5\t20230228\t28\tA\t-1',
    ];
    const body = `\uFEFF${header}\n${rows.join('\n')}\n`;
    const usage = join(out, 'opwr_demo_res_1-19-0_usage_20250101000000.gz');
    await writeFile(usage, gzipSync(Buffer.from(body, 'utf8'), { level: 1 }));
    // The same rows with the columns in another order and one optional column missing, no BOM, no final LF.
    const order = [2, 0, 4, 1, 3];
    const names = header.split('\t');
    const reordered = [order.map((i) => names[i]).join('\t'), ...rows.map((r) => r.replace(/\r$/, '')).map((r) => {
      const f = r.split('\t');
      return f.length === 6 ? order.map((i) => f[i]).join('\t') : r;
    })].join('\n');
    const usage2 = join(out, 'opwr_demo_res_1-19-0_usage_20250201000000.txt');
    await writeFile(usage2, reordered);
    // The short ones again and again, over many slots of the reader thread, so that each kind of line also
    // lands in slots the validator's thread reads itself (INTAKE_READER_RAW=1) and at their edges; then the long
    // one, whose line number is counted after all of theirs.
    const many = rows.filter((r) => r.length < 1000);
    const long = rows.find((r) => r.length >= 1000)!;
    const usage3 = join(out, 'opwr_demo_res_1-19-0_usage_20250301000000.gz');
    await writeFile(usage3, gzipSync(Buffer.from(`${header}\n${Array.from({ length: 700 }, () => many.join('\n')).join('\n')}\n${long}\n${many[0]}\n`, 'utf8'), { level: 1 }));
    const work = await dir('fl-hand-rep');
    for (const files of [[usage], [usage2], [usage3]]) {
      const r = await sameBothWays(files, work);
      expect(r.code).toBe(1);
      expect(r.json.summary.errors).toBeGreaterThan(5);
    }
  });
});
