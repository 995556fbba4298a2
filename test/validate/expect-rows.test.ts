/**
 * The row-count hint (RowCheckInstance.expect): once the first lines are read, the checks are told about how
 * many rows are still to come, from the size the container states (gzip's trailer, a zip entry, a plain file's
 * size) and the mean length of those lines, so that the customer data's tables are made once at about their
 * final size instead of doubling. Here: the hint is told once, early, close to the truth, on every container
 * and on both reading paths; and the report does not depend on it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { customerEntities } from '../../src/checks/customer-entities.js';
import type { RowCheckInstance } from '../../src/checks/types.js';
import { generate } from '../../src/generate/index.js';
import { gzipSizeHint } from '../../src/read/open.js';
import { scratchDirs } from '../generate/helpers.js';
import { runCli } from '../helpers/cli.js';

const dir = scratchDirs();

interface Told {
  /** Rows the check had seen when told, and what it was told. */
  seen: number;
  rows: number;
}

/** Validates `files`, recording each expect() of the customer check with the rows it had seen by then. */
async function validate(files: string[], out: string, env: Record<string, string>): Promise<{ told: Told[]; report: string }> {
  const told: Told[] = [];
  const forFile = customerEntities.forFile.bind(customerEntities);
  const spy = vi.spyOn(customerEntities, 'forFile').mockImplementation((setup) => {
    const inst = forFile(setup);
    if (!inst) return inst;
    let seen = 0;
    const wrapped: RowCheckInstance = {
      ...inst,
      row(r, ctx) {
        seen++;
        inst.row(r, ctx);
      },
      expect(rows) {
        told.push({ seen, rows });
        inst.expect?.(rows);
      },
    };
    return wrapped;
  });
  const was = { ...process.env };
  Object.assign(process.env, env);
  try {
    await runCli(['validate', '--json', out, ...files]);
  } finally {
    spy.mockRestore();
    for (const k of Object.keys(env)) {
      if (was[k] === undefined) delete process.env[k];
      else process.env[k] = was[k];
    }
  }
  const report = (await readFile(out, 'utf8')).replace(/"(generatedAt|elapsedMs)": [^,\n]+/g, '"$1": 0');
  return { told, report };
}

describe('the row-count hint', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is told once, early and close to the truth, for gzip, zip and plain files, on both reading paths', async () => {
    const work = await dir('expect');
    const reports = new Set<string>();
    for (const compress of ['gz', 'zip', 'none'] as const) {
      const m = await generate({ standard: 'legacy-billing', accounts: 4000, seed: 21, compress, out: join(work, compress) });
      const customer = m.files.find((f) => f.name.includes('_customer_'));
      expect(customer).toBeDefined();
      const total = customer!.rows;
      for (const [way, env] of [['validator thread', { INTAKE_READER_THREAD: '0' }], ['reader thread', { INTAKE_READER_THREAD: '1' }]] as const) {
        const { told, report } = await validate([join(work, compress, customer!.name)], join(work, `${compress}-${way}.json`), env);
        expect(told, `${compress}, ${way}`).toHaveLength(1);
        const t = told[0]!;
        // Early: before a third of the rows; close: the rows seen plus those told within 10 % of the file's.
        expect(t.seen, `${compress}, ${way}`).toBeLessThan(total / 3);
        expect(Math.abs(t.seen + t.rows - total) / total, `${compress}, ${way}: seen ${t.seen}, told ${t.rows}, rows ${total}`).toBeLessThan(0.1);
        reports.add(report.replace(/"compression": "[a-z]+"/g, '').replace(/_customer_[0-9]+\.[a-z.]+|"bytes": [0-9]+/g, ''));
      }
    }
    // The same data gives the same report on both paths (told at other rows), and in gzip or zip.
    // (The plain file differs only by its FILE_UNCOMPRESSED warning.)
    expect(reports.size).toBe(2);
  });

  it('is not told when a gzip trailer is not believable, and the file still validates', async () => {
    const work = await dir('expect-bad');
    const m = await generate({ standard: 'legacy-billing', accounts: 800, seed: 22, compress: 'gz', out: work });
    const name = m.files.find((f) => f.name.includes('_customer_'))!.name;
    const path = join(work, name);
    const raw = await readFile(path);
    const good = await validate([path], join(work, 'good.json'), { INTAKE_READER_THREAD: '0' });
    // A trailer stating three times the true size (as a truncated file's last bytes might).
    const bad = Buffer.from(raw);
    bad.writeUInt32LE(bad.readUInt32LE(bad.length - 4) * 3, bad.length - 4);
    await writeFile(path, bad);
    const damaged = await validate([path], join(work, 'bad.json'), { INTAKE_READER_THREAD: '0' });
    expect(good.told).toHaveLength(1);
    expect(damaged.told).toHaveLength(0);
    // zlib checks the trailer's size at the end: the damaged file is reported as such.
    expect(damaged.report).toMatch(/ARCHIVE_CORRUPT|ARCHIVE_TRUNCATED/);
  });
});

describe('gzipSizeHint', () => {
  it('takes the trailer of a real gzip file of text, and not one that disagrees with what its start inflates to', async () => {
    const work = await dir('expect-gz');
    const m = await generate({ standard: 'legacy-billing', accounts: 3000, seed: 23, compress: 'gz', out: work });
    const raw = await readFile(join(work, m.files.find((f) => f.name.includes('_usage_'))!.name));
    const size = gunzipSync(raw).length;
    const head = raw.subarray(0, 64 * 1024);
    expect(raw.length).toBeGreaterThan(head.length);
    const isize = raw.readUInt32LE(raw.length - 4);
    expect(isize).toBe(size);
    expect(gzipSizeHint(raw.length, isize, head)).toBe(size);
    // Arbitrary last bytes (a truncated file): too big, too small, or three times the truth.
    for (const wrong of [0xffffffff, 0, raw.length - 1, size * 3, Math.floor(size / 3)]) expect(gzipSizeHint(raw.length, wrong, head), String(wrong)).toBeUndefined();
    // A file that fits in the probe: its size exactly, or nothing.
    const small = gzipSync(Buffer.from('a\tb\n'.repeat(100)));
    expect(gzipSizeHint(small.length, 400, small)).toBe(400);
    expect(gzipSizeHint(small.length, 401, small)).toBeUndefined();
    // Not gzip data at all.
    expect(gzipSizeHint(raw.length, isize, Buffer.from('not gzip at all'))).toBeUndefined();
  });
});
