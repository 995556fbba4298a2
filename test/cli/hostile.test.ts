/**
 * Hostile input through the built CLI as a child process: each gives exit 1 with a clear error issue (exit 2 only
 * when a path cannot be read), no stack trace, peak memory under 512 MB, and no hang (killed after a minute).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { spawnCli } from '../helpers/cli.js';
import * as h from '../helpers/files.js';

const MB = 1024 * 1024;
let dir = '';
const usageName = (stamp = '20250101000000') => `opwr_demo_res_1-19-0_usage_${stamp}.gz`;

beforeAll(() => {
  dir = h.tempDir('intake-hostile-');
});

async function run(files: string[]) {
  const res = await spawnCli(['validate', '--standard', 'legacy-billing', '--json', path.join(dir, `report-${Math.random()}.json`), ...files], { timeoutMs: 60_000 });
  expect(res.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
  expect(res.maxRssBytes).toBeGreaterThan(0);
  expect(res.maxRssBytes).toBeLessThan(512 * MB);
  return res;
}

async function runReport(files: string[]): Promise<{ code: number; report: Report }> {
  const out = path.join(dir, `r-${Math.random()}.json`);
  const res = await spawnCli(['validate', '--json', out, ...files], { timeoutMs: 60_000 });
  expect(res.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(res.maxRssBytes).toBeLessThan(512 * MB);
  const { readFileSync } = await import('node:fs');
  return { code: res.code, report: JSON.parse(readFileSync(out, 'utf8')) as Report };
}

const codesOf = (r: Report) => r.issues.filter((i) => i.severity === 'error').map((i) => i.code);

describe('hostile input', () => {
  test('a truncated gzip', async () => {
    const full = gzipSync(Buffer.from(h.tsv(h.USAGE_COLUMNS, Array.from({ length: 20000 }, (_, i) => h.usageRow({ service_point_id: `SP${i}` })))));
    const p = h.writePlain(dir, usageName('20250101000001'), full.subarray(0, Math.floor(full.length / 2)));
    const { code, report } = await runReport([p]);
    expect(code).toBe(1);
    expect(codesOf(report)).toContain('ARCHIVE_TRUNCATED');
    expect(report.truncated.join(' ')).toMatch(/reading stopped at line \d+/);
  });

  test('random bytes named .gz', async () => {
    const p = h.writePlain(dir, usageName('20250101000002'), randomBytes(1 << 20));
    const { code, report } = await runReport([p]);
    expect(code).toBe(1);
    expect(codesOf(report)).toContain('ARCHIVE_CORRUPT');
  });

  test('an empty file', async () => {
    const p = h.writePlain(dir, usageName('20250101000003'), Buffer.alloc(0));
    const { code, report } = await runReport([p]);
    expect(code).toBe(1);
    expect(codesOf(report)).toContain('FILE_EMPTY');
    const plain = h.writePlain(dir, 'opwr_demo_res_1-19-0_usage_20250101000004.txt', Buffer.alloc(0));
    const r2 = await runReport([plain]);
    expect(r2.code).toBe(1);
    expect(codesOf(r2.report)).toContain('FILE_EMPTY');
  });

  test('a 200 MB line is reported, never buffered whole', async () => {
    // Many gzip members in one file decompress as one stream: a header line, then 200 MB without a newline.
    const head = gzipSync(Buffer.from(`${h.USAGE_COLUMNS.join('\t')}\n`));
    const block = gzipSync(Buffer.alloc(MB, 'x'));
    const p = path.join(dir, usageName('20250101000005'));
    writeFileSync(p, Buffer.concat([head, ...Array.from({ length: 200 }, () => block), gzipSync(Buffer.from(`\n${h.usageRow()}\n`))]));
    const { code, report } = await runReport([p]);
    expect(code).toBe(1);
    const long = report.issues.find((i) => i.code === 'LINE_TOO_LONG');
    expect(long?.examples[0]?.line).toBe(2);
  });

  test('a decompression bomb: gigabytes of zeros in a few MB', async () => {
    const zeros = gzipSync(Buffer.alloc(64 * MB));
    const p = path.join(dir, usageName('20250101000006'));
    writeFileSync(p, Buffer.concat(Array.from({ length: 48 }, () => zeros))); // 3 GiB of zeros, ~3 MB on disk
    const { code, report } = await runReport([p]);
    expect(code).toBe(1);
    expect(codesOf(report)).toContain('FILE_DECOMPRESSION_RATIO');
  });

  test('a file with a wrong name', async () => {
    const p = h.writeGz(dir, 'usage_export_final.gz', h.tsv(h.USAGE_COLUMNS, [h.usageRow()]));
    const res = await run([p]);
    expect(res.code).toBe(1);
  });

  test('a path that cannot be read: exit 2', async () => {
    const res = await spawnCli(['validate', path.join(dir, 'does-not-exist.gz')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('cannot read');
  });
});
