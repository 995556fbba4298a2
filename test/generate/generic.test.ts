/**
 * The generic generator: every implemented standard without a dedicated generator gets a clean delivery that
 * validates with 0 errors, deterministic from its seed.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate, type GenerateOptions } from '../../src/generate/index.js';
import { STANDARDS } from '../../src/spec/index.js';
import type { Report } from '../../src/report/types.js';
import { validateDelivery } from '../../src/validate/index.js';
import { parseGenerateArgs } from '../../src/cli/commands/generate.js';
import { generateCommand } from '../../src/cli/commands/generate.js';
import { scratchDirs } from './helpers.js';

const scratch = scratchDirs();

function errorsOf(report: Report): string {
  return report.issues
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.code} ×${i.count} in ${i.file ?? '?'} (${i.column ?? ''}) e.g. line ${i.examples[0]?.line ?? '-'} ${i.examples[0]?.value ?? ''}`)
    .join('\n');
}

const GENERIC = STANDARDS.filter((s) => s.id !== 'legacy-billing' && s.id !== 'interval');

describe('generic generator: a clean delivery of every other standard validates with 0 errors', () => {
  it('covers the eight other standards', () => {
    expect(GENERIC.length).toBe(8);
  });

  for (const spec of GENERIC) {
    for (const compress of ['gz', 'zip', 'none'] as const) {
      it(`${spec.id} (${compress})`, async () => {
        const dir = await scratch(`generic-${spec.id}`);
        const manifest = await generate({ standard: spec.id, accounts: 50, seed: 7, compress, out: dir });
        expect(manifest.standard).toBe(spec.id);
        expect(manifest.defects).toEqual([]);
        expect(manifest.files.map((f) => f.name).sort()).toHaveLength(spec.fileTypes.length);
        for (const f of manifest.files) expect(f.rows).toBeGreaterThan(0);
        const written = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { files: unknown[]; defects: unknown[] };
        expect(written.files).toHaveLength(spec.fileTypes.length);
        expect(written.defects).toEqual([]);
        const report = await validateDelivery(manifest.files.map((f) => join(dir, f.name)), { maxExamples: 1_000_000, asOf: manifest.until });
        const errors = errorsOf(report);
        if (errors !== '') console.error(`${spec.id} (${compress}):\n${errors}`);
        expect(errors).toBe('');
        expect(report.summary.errors).toBe(0);
      }, 60_000);
    }
  }

  it('names files by the convention: population token only when the standard has one; unsubscribe is .csv', async () => {
    const dir = await scratch('generic-names');
    const m = await generate({ standard: 'unsubscribe', accounts: 5, compress: 'none', out: dir });
    expect(m.files[0]?.name).toMatch(/^opwr_demo_res_1-9-0_email-address-event-v1_t1_\d{14}\.csv$/);
    const text = await readFile(join(dir, m.files[0]?.name ?? ''), 'utf8');
    expect(text.split('\n')[0]).toBe('address,occurred_on');
    const b = await generate({ standard: 'billing', accounts: 5, out: join(dir, 'b') });
    expect(b.files.map((f) => f.name)).toContain('opwr_demo_2-0-3_billing_bill_20250701000000.gz');
  });
});

describe('generic generator: determinism', () => {
  it('same seed, same bytes; another seed, other bytes', async () => {
    const opts: Omit<GenerateOptions, 'out'> = { standard: 'account', accounts: 40, seed: 11 };
    const dirs: string[] = [];
    for (const seed of [11, 11, 12]) {
      const dir = await scratch('generic-det');
      await generate({ ...opts, seed, out: dir });
      dirs.push(dir);
    }
    const m = JSON.parse(await readFile(join(dirs[0] ?? '', 'manifest.json'), 'utf8')) as { files: { name: string }[] };
    let differs = false;
    for (const f of m.files) {
      const a = await readFile(join(dirs[0] ?? '', f.name));
      const b = await readFile(join(dirs[1] ?? '', f.name));
      const c = await readFile(join(dirs[2] ?? '', f.name));
      expect(a.equals(b)).toBe(true);
      if (!a.equals(c)) differs = true;
    }
    expect(differs).toBe(true);
  });
});

describe('generic generator: CLI', () => {
  it('accepts every standard; defects for the generic ones go in the manifest, a rate outside 0–1 is refused', async () => {
    for (const spec of STANDARDS) expect(parseGenerateArgs(['--standard', spec.id, '--out', '/tmp/x']).standard).toBe(spec.id);
    expect(() => parseGenerateArgs(['--standard', 'nope', '--out', '/tmp/x'])).toThrow(/standard/);
    const dir = await scratch('generic-cli');
    await expect(generate({ standard: 'rates', defects: 1.5, out: dir })).rejects.toThrow(/between 0 and 1/);
    const m = await generate({ standard: 'rates', accounts: 200, defects: 0.1, out: dir });
    expect(m.defects.length).toBeGreaterThan(0);
    expect(m.defects.every((d) => m.files.some((f) => f.name === d.file) && d.line > 1 && d.column !== '')).toBe(true);
  });

  it('help says how the other standards are damaged', () => {
    expect(generateCommand.help).toMatch(/--defects damages one field per chosen row/);
    for (const spec of GENERIC) expect(generateCommand.help).toContain(spec.id);
  });
});

describe('generic generator: incrementals', () => {
  for (const spec of GENERIC) {
    it(`${spec.id}: --phase incremental --after continues the delivery and validates clean in the incremental phase`, async () => {
      const baseDir = await scratch('generic-base');
      const incDir = await scratch('generic-inc');
      const m0 = await generate({ standard: spec.id, accounts: 400, seed: 61, out: baseDir });
      const m1 = await generate({ standard: spec.id, phase: 'incremental', after: baseDir, out: incDir });
      expect(m1).toMatchObject({ standard: spec.id, phase: 'incremental', utility: m0.utility, seed: m0.seed, accounts: { total: 40 } });
      const dayAfter = new Date(Date.parse(`${m0.until}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(m1.since).toBe(dayAfter);
      expect(m1.state.stamp > m0.state.stamp).toBe(true);
      const report = await validateDelivery(m1.files.map((f) => join(incDir, f.name)), { phase: 'incremental', asOf: m1.until });
      expect(report.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual([]);
      expect(report.summary.rows).toBeGreaterThan(0);
    }, 60_000);
  }

  it('refuses an incremental without --after, and --after of another standard', async () => {
    const baseDir = await scratch('generic-base');
    const outDir = await scratch('generic-inc');
    await generate({ standard: 'premise', accounts: 50, out: baseDir });
    await expect(generate({ standard: 'premise', phase: 'incremental', out: outDir })).rejects.toThrow(/needs --after/);
    await expect(generate({ standard: 'account', phase: 'incremental', after: baseDir, out: outDir })).rejects.toThrow(/premise delivery/);
    await expect(generate({ standard: 'premise', after: baseDir, out: outDir })).rejects.toThrow(/only goes with --phase incremental/);
  });
});
