import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { generate, type DefectKind, type GenerateOptions, type Manifest } from '../../src/generate/index.js';
import { decompressed, rawLines, scratchDirs } from './helpers.js';

const scratch = scratchDirs();

async function pair(options: Omit<GenerateOptions, 'out'>): Promise<{ clean: string; damaged: string; manifest: Manifest; cleanManifest: Manifest }> {
  const cleanDir = await scratch('clean');
  const damagedDir = await scratch('damaged');
  const cleanManifest = await generate({ ...options, defects: 0, out: cleanDir });
  const manifest = await generate({ ...options, out: damagedDir });
  return { clean: cleanDir, damaged: damagedDir, manifest, cleanManifest };
}

const SWAPS = new Set(['out-of-order-read', 'out-of-order-interval']);

interface Seen { fields: string[]; value: string | undefined; raw: Buffer; header: string[]; line: number; column: string }

/** What a damaged line shows, per kind (other kinds: the line differs and keeps its field count). */
const CHECKS: Partial<Record<DefectKind, (s: Seen) => void>> = {
  'short-row': (s) => expect(s.fields.length).toBe(s.header.length - 1),
  'long-row': (s) => expect(s.fields.length).toBe(s.header.length + 1),
  'invalid-utf8': (s) => expect(s.raw.includes(0xff)).toBe(true),
  'bad-date': (s) => expect(s.value).not.toMatch(/^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])$/),
  'bad-zip': (s) => expect(s.value).not.toMatch(/^\d{5}(-?\d{4})?$/),
  'bad-state': (s) => expect(s.value).not.toMatch(/^[A-Z]{2}$/),
  'empty-required': (s) => expect(s.value).toBe(''),
  'conditional-required': (s) => expect(s.value).toBe(''),
  'number-comma': (s) => expect(s.value).toContain(','),
  'negative-usage': (s) => expect(s.value).toMatch(/^-/),
  'ambiguous-time': (s) => expect(s.value).toBe(''),
  'nonexistent-time': (s) => expect(s.value).toMatch(/^02\d\d$/),
  'renamed-column': (s) => { expect(s.line).toBe(1); expect(s.fields).not.toContain(s.column); },
};

/**
 * Every defect line differs from the clean generation and shows its kind; every other line is identical to
 * the clean generation, except the partner row an out-of-order defect swapped with (the line before it).
 */
async function checkDefects(run: Awaited<ReturnType<typeof pair>>): Promise<void> {
  const { manifest, cleanManifest } = run;
  expect(manifest.files.map((f) => f.name)).toEqual(cleanManifest.files.map((f) => f.name));
  expect(manifest.files.map((f) => f.rows)).toEqual(cleanManifest.files.map((f) => f.rows));
  expect(manifest.defects.length).toBeGreaterThan(0);
  for (const file of manifest.files) {
    const clean = await rawLines(join(run.clean, file.name));
    const damaged = await rawLines(join(run.damaged, file.name));
    expect(damaged.length).toBe(file.rows + 1);
    expect(clean.length).toBe(file.rows + 1);
    const defects = manifest.defects.filter((d) => d.file === file.name);
    const byLine = new Map(defects.map((d) => [d.line, d]));
    expect(byLine.size, 'one defect per damaged line').toBe(defects.length);
    const allowed = new Set(defects.filter((d) => SWAPS.has(d.kind)).map((d) => d.line - 1));
    const header = (clean[0] as Buffer).toString().split('\t');
    for (let i = 0; i < clean.length; i++) {
      const line = i + 1;
      const same = (clean[i] as Buffer).equals(damaged[i] as Buffer);
      const d = byLine.get(line);
      if (!d) {
        if (!same) expect(allowed.has(line), `line ${line} of ${file.name} changed without a defect`).toBe(true);
        continue;
      }
      expect(same, `defect ${d.kind} at line ${line} leaves the line unchanged`).toBe(false);
      const text = (damaged[i] as Buffer).toString('utf8');
      const fields = text.split('\t');
      const value = fields[header.indexOf(d.column)];
      const check = CHECKS[d.kind];
      if (check) check({ fields, value, raw: damaged[i] as Buffer, header, line, column: d.column });
      else expect(fields.length).toBe(header.length);
    }
  }
}

describe('manifest', () => {
  it('lists true row counts and the damaged lines of a two-file delivery', async () => {
    const run = await pair({ standard: 'legacy-billing', accounts: 400, seed: 11, defects: 0.02 });
    await checkDefects(run);
    const kinds = new Set(run.manifest.defects.map((d) => d.kind));
    for (const k of ['unknown-service-point', 'out-of-order-read', 'overlapping-read', 'renamed-column', 'invalid-utf8', 'short-row']) expect(kinds).toContain(k);
    expect(kinds.size).toBeGreaterThanOrEqual(15);
    const onDisk = JSON.parse(await readFile(join(run.damaged, 'manifest.json'), 'utf8')) as Manifest;
    expect(onDisk).toEqual(run.manifest);
    expect(Object.keys(onDisk).slice(0, 5)).toEqual(['standard', 'utility', 'seed', 'files', 'defects']);
  });

  it('lists the damaged lines of a single-file delivery', async () => {
    await checkDefects(await pair({ standard: 'legacy-billing', accounts: 200, seed: 5, defects: 0.03, layout: 'single-file', compress: 'zip' }));
  });

  it('lists the damaged lines of an interval delivery, daylight-saving defects included', async () => {
    const run = await pair({ standard: 'interval', interval: 15, meters: 40, seed: 4, defects: 0.02, since: '2024-11-01', until: '2024-11-05' });
    await checkDefects(run);
    const kinds = new Set(run.manifest.defects.map((d) => d.kind));
    expect(kinds).toContain('ambiguous-time');
    expect(kinds.size).toBeGreaterThanOrEqual(15);
    const spring = await pair({ standard: 'interval', interval: 60, meters: 120, seed: 4, defects: 0.05, since: '2025-03-08', until: '2025-03-10' });
    await checkDefects(spring);
    expect(new Set(spring.manifest.defects.map((d) => d.kind))).toContain('nonexistent-time');
  });

  it('writes a zip with exactly one entry holding the same data as the gzip', async () => {
    const zipDir = await scratch('zip');
    const gzDir = await scratch('gz');
    const mz = await generate({ standard: 'legacy-billing', accounts: 50, out: zipDir, compress: 'zip' });
    await generate({ standard: 'legacy-billing', accounts: 50, out: gzDir, compress: 'gz' });
    for (const f of mz.files) {
      expect(f.name).toMatch(/\.zip$/);
      const zip = await decompressed(join(zipDir, f.name));
      const gz = await decompressed(join(gzDir, f.name.replace(/\.zip$/, '.gz')));
      expect(zip.entries).toBe(1);
      expect(zip.data.equals(gz.data)).toBe(true);
    }
  });
});
