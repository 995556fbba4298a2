/**
 * The CLI runs from the bundle (rolldown.config.mjs): bin/intake.js imports dist/bundle/main.js, and the reader
 * thread must start from the bundle's own copy of its script, found next to the bundled client. Were the
 * bundle's layout to change, the thread would silently not start (the validator then reads on one thread, with
 * the same report), so this looks at which script the worker gets.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { spawnCli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LOG_WORKERS = path.resolve(import.meta.dirname, '../helpers/log-workers.mjs');

describe('the bundled CLI', () => {
  test('starts the reader thread from dist/bundle/reader-thread.js and validates with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'intake-bundle-'));
    const rows = ['service_point_id\tusage_value\tdate_to\tduration\tis_estimate\tusage_charge'];
    for (let sp = 0; sp < 20; sp++) for (let m = 1; m <= 12; m++) rows.push(`SP${sp}\t${100 + m}.5\t2024${String(m).padStart(2, '0')}28\t30\tA\t12.25`);
    const file = path.join(dir, 'opwr_demo_res_1-19-0_usage_20250101000000.gz');
    writeFileSync(file, gzipSync(`${rows.join('\n')}\n`));
    // INTAKE_READER_THREAD=1: a thread even for a small file.
    const res = await spawnCli(['validate', file, '--json', path.join(dir, 'report.json'), '--quiet'], { env: { INTAKE_READER_THREAD: '1' }, imports: [LOG_WORKERS] });
    const workers = res.stderr.split('\n').filter((l) => l.startsWith('worker: ')).map((l) => path.resolve(l.slice('worker: '.length)));
    expect(workers.length, res.stderr).toBeGreaterThan(0);
    for (const w of workers) expect(w).toBe(path.join(ROOT, 'dist', 'bundle', 'reader-thread.js'));
    // Usage without its customer file: unknown service points are errors (exit 1), not a failure to run (2).
    expect(res.code, res.stderr).toBe(1);
  });
});
