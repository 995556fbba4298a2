/**
 * The generator against the validator: a clean delivery of every implemented standard validates with 0 errors,
 * and with --defects 0.01 the validator flags at least 99 % of the manifest's defects at their file and line
 * (the measured recall is printed). It also checks that clean rows stay clean: no error lands on a line the
 * manifest does not list (except the partner row an out-of-order defect swapped with).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { generate, type GenerateOptions, type Manifest } from '../../src/generate/index.js';
import type { Report } from '../../src/report/types.js';
import { validateDelivery } from '../../src/validate/index.js';
import { diagnostic } from '../../src/checks/catalogue.js';
import { rawLines, records, scratchDirs } from './helpers.js';

const scratch = scratchDirs();

async function run(options: Omit<GenerateOptions, 'out'>): Promise<{ manifest: Manifest; report: Report }> {
  const dir = await scratch('recall');
  const manifest = await generate({ ...options, out: dir });
  const report = await validateDelivery(manifest.files.map((f) => join(dir, f.name)), { maxExamples: 1_000_000_000, asOf: manifest.until });
  return { manifest, report };
}

const CLEAN: readonly [string, Omit<GenerateOptions, 'out'>][] = [
  ['legacy billing, two files', { standard: 'legacy-billing', accounts: 1500, seed: 31 }],
  ['legacy billing, single file (zip)', { standard: 'legacy-billing', accounts: 600, seed: 32, layout: 'single-file', compress: 'zip' }],
  ['interval, 15 minutes over both daylight-saving changes', { standard: 'interval', interval: 15, meters: 12, seed: 33, since: '2024-10-30', until: '2025-03-12' }],
  ['interval, 5 minutes', { standard: 'interval', interval: 5, meters: 6, seed: 34, days: 4 }],
  ['interval, daily', { standard: 'interval', interval: 1440, meters: 30, seed: 35, days: 60 }],
];

function errorsOf(report: Report): string {
  return report.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ×${i.count} in ${i.file ?? '?'} (${i.column ?? ''}) e.g. line ${i.examples[0]?.line ?? '-'} ${i.examples[0]?.value ?? ''}`).join('\n');
}

describe('a clean generated delivery validates with 0 errors', () => {
  for (const [title, options] of CLEAN) {
    it(title, async () => {
      const { report } = await run(options);
      expect(errorsOf(report)).toBe('');
      expect(report.summary.errors).toBe(0);
      expect(report.summary.passed).toBe(true);
    }, 120_000);
  }

  it('legacy billing sample and its incremental, in the sample and incremental phases', async () => {
    const baseDir = await scratch('recall-phase');
    const m0 = await generate({ standard: 'legacy-billing', accounts: 25_000, phase: 'sample', seed: 36, out: baseDir });
    const r0 = await validateDelivery(m0.files.map((f) => join(baseDir, f.name)), { phase: 'sample', asOf: m0.until });
    expect(errorsOf(r0)).toBe('');
    const incDir = await scratch('recall-inc');
    const m1 = await generate({ standard: 'legacy-billing', phase: 'incremental', after: baseDir, out: incDir });
    // What the store would know after loading the sample: its service points and each one's last read.
    const last = new Map<string, { dateTo: string; duration: number }>();
    for (const r of await records(join(baseDir, m0.files[1]?.name ?? ''))) last.set(r.service_point_id ?? '', { dateTo: r.date_to ?? '', duration: Number(r.duration) });
    const context = { knownServicePoint: (id: string) => last.has(id), lastLoadedRead: (id: string) => last.get(id), lastProcessedStamp: m0.state.stamp };
    const r1 = await validateDelivery(m1.files.map((f) => join(incDir, f.name)), { phase: 'incremental', asOf: m1.until, context });
    // Its exact corrections of loaded reads are valid overwrites, and its first reads follow the loaded ones.
    expect(errorsOf(r1)).toBe('');
    expect(r1.issues.filter((i) => i.code === 'PHASE_GAP_AFTER_LOADED')).toEqual([]);
  }, 180_000);

  it('interval sample and its incremental, in the incremental phase with what is loaded', async () => {
    const baseDir = await scratch('recall-ivbase');
    const incDir = await scratch('recall-ivinc');
    const m0 = await generate({ standard: 'interval', interval: 30, meters: 20, days: 30, seed: 37, out: baseDir });
    const m1 = await generate({ standard: 'interval', phase: 'incremental', after: baseDir, days: 3, out: incDir });
    const last = new Map<string, string>();
    for (const r of await records(join(baseDir, m0.files[0]?.name ?? ''))) {
      // yyyyMMddHHmm local end; the repeated autumn hour does not occur in this window.
      last.set(`${r.service_point_id ?? ''}|${r.service_quantity_identifier ?? ''}`, `${r.date ?? ''}${r.time ?? ''}`);
    }
    const context = { lastLoadedInterval: (key: string) => last.get(key), lastProcessedStamp: m0.state.stamp };
    const r1 = await validateDelivery(m1.files.map((f) => join(incDir, f.name)), { phase: 'incremental', asOf: m1.until, context });
    expect(errorsOf(r1)).toBe('');
  }, 60_000);
});

const DAMAGED: readonly [string, Omit<GenerateOptions, 'out'>][] = [
  ['legacy billing, two files', { standard: 'legacy-billing', accounts: 4000, seed: 41, defects: 0.01 }],
  ['legacy billing, single file', { standard: 'legacy-billing', accounts: 2000, seed: 42, defects: 0.01, layout: 'single-file' }],
  ['interval, 15 minutes over the autumn change', { standard: 'interval', interval: 15, meters: 40, seed: 43, defects: 0.01, since: '2024-10-25', until: '2024-11-08' }],
  ['interval, hourly over the spring change', { standard: 'interval', interval: 60, meters: 150, seed: 44, defects: 0.01, since: '2025-03-01', until: '2025-03-20' }],
];

describe('with --defects 0.01 the validator flags the manifest\'s defects at their file and line', () => {
  for (const [title, options] of DAMAGED) {
    it(title, async () => {
      const { manifest, report } = await run(options);
      expect(report.truncated).toEqual([]);
      // Lines with at least one error or warning, per file; file-level issues (no line) count as line 1.
      const flagged = new Map<string, Set<number>>();
      const errorLines = new Map<string, Set<number>>();
      for (const issue of report.issues) {
        if (issue.severity === 'info' || !issue.file) continue;
        const lines = flagged.get(issue.file) ?? new Set<number>();
        flagged.set(issue.file, lines);
        const errs = errorLines.get(issue.file) ?? new Set<number>();
        errorLines.set(issue.file, errs);
        if (diagnostic(issue.code).scope === 'file' && issue.examples.every((e) => e.line === undefined)) lines.add(1);
        for (const e of issue.examples) {
          if (e.line === undefined) continue;
          lines.add(e.line);
          if (issue.severity === 'error') errs.add(e.line);
        }
      }
      const missed = manifest.defects.filter((d) => !flagged.get(d.file)?.has(d.line));
      const recall = 1 - missed.length / manifest.defects.length;
      const byKind = new Map<string, number>();
      for (const d of manifest.defects) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
      console.log(`recall ${title}: ${(recall * 100).toFixed(2)} % of ${manifest.defects.length} defects (${byKind.size} kinds)${missed.length ? `; missed: ${missed.slice(0, 10).map((d) => `${d.kind}@${d.line}:${d.column}`).join(', ')}` : ''}`);
      expect(byKind.size).toBeGreaterThanOrEqual(15);
      expect(recall).toBeGreaterThanOrEqual(0.99);

      // Clean rows stay clean: errors only on damaged lines (or the partner of an out-of-order swap).
      const listed = new Map<string, Set<number>>();
      for (const d of manifest.defects) {
        const s = listed.get(d.file) ?? new Set<number>();
        listed.set(d.file, s);
        s.add(d.line);
        if (d.kind === 'out-of-order-read' || d.kind === 'out-of-order-interval') s.add(d.line - 1);
      }
      const stray: string[] = [];
      for (const [file, lines] of errorLines) for (const l of lines) if (!listed.get(file)?.has(l)) stray.push(`${file}:${l}`);
      expect(stray.slice(0, 10)).toEqual([]);
    }, 180_000);
  }
});

describe('the other standards with --defects: one field per damaged row, flagged at its line', () => {
  const OTHERS = ['billing', 'account', 'premise', 'program-participation', 'unsubscribe', 'customer-classification', 'call-center', 'rates'] as const;
  for (const standard of OTHERS) {
    it(standard, async () => {
      const { manifest, report } = await run({ standard, accounts: 2500, seed: 51, defects: 0.02 });
      expect(manifest.defects.length).toBeGreaterThan(20);
      expect(new Set(manifest.defects.map((d) => d.kind)).size).toBeGreaterThanOrEqual(2);
      const flagged = new Map<string, Set<number>>();
      const errorLines = new Map<string, Set<number>>();
      for (const issue of report.issues) {
        if (issue.severity === 'info' || !issue.file) continue;
        for (const e of issue.examples) {
          if (e.line === undefined) continue;
          if (!flagged.has(issue.file)) flagged.set(issue.file, new Set());
          flagged.get(issue.file)!.add(e.line);
          if (issue.severity !== 'error') continue;
          if (!errorLines.has(issue.file)) errorLines.set(issue.file, new Set());
          errorLines.get(issue.file)!.add(e.line);
        }
      }
      const missed = manifest.defects.filter((d) => !flagged.get(d.file)?.has(d.line));
      expect(missed.slice(0, 5)).toEqual([]);
      const listed = new Set(manifest.defects.map((d) => `${d.file}:${d.line}`));
      const stray = [...errorLines].flatMap(([file, lines]) => [...lines].map((l) => `${file}:${l}`)).filter((k) => !listed.has(k));
      expect(stray.slice(0, 5)).toEqual([]);

      // The clean rows are the same bytes as in the delivery generated without defects.
      const clean = await run({ standard, accounts: 2500, seed: 51 });
      expect(clean.report.summary.errors).toBe(0);
      const dir = await scratch('recall-same');
      const damaged = await generate({ standard, accounts: 2500, seed: 51, defects: 0.02, out: dir });
      const cleanDir = await scratch('recall-same-clean');
      await generate({ standard, accounts: 2500, seed: 51, out: cleanDir });
      for (const f of damaged.files) {
        const a = await rawLines(join(dir, f.name));
        const b = await rawLines(join(cleanDir, f.name));
        expect(a.length).toBe(b.length);
        const hit = new Set(damaged.defects.filter((d) => d.file === f.name).map((d) => d.line));
        for (let i = 0; i < a.length; i++) if (!hit.has(i + 1)) expect(a[i]!.equals(b[i]!), `${f.name}:${i + 1}`).toBe(true);
      }
    }, 120_000);
  }
});
