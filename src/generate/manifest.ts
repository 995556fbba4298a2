/**
 * The generator's manifest (shared/contract.md): standard, utility, seed, files with their row counts and the
 * injected defects. It also carries what a later `--phase incremental --after DIR` needs to continue: the
 * population's definition, the account selection and the last day delivered.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Defect } from './defects.js';
import type { Segment } from './population.js';

export interface ManifestFile {
  readonly name: string;
  /** Data rows, the header not counted. */
  readonly rows: number;
}

/** Which accounts of the initial population a delivery line carries (new customers always come along). */
export type Selection = { readonly kind: 'all' } | { readonly kind: 'sample'; readonly size: number };

export interface GeneratorState {
  readonly historyStart: string;
  readonly anchorUntil: string;
  readonly segments: readonly Segment[];
  readonly selection: Selection;
  /** Last day this delivery holds data for. */
  readonly until: string;
  readonly stamp: string;
  /** Interval only: the interval length and how many meters are followed. */
  readonly intervalMinutes?: number;
  readonly meters?: number;
  readonly timeZone?: string;
  readonly layout?: 'two-file' | 'single-file';
}

export interface Manifest {
  readonly standard: string;
  readonly utility: string;
  readonly seed: number;
  readonly files: readonly ManifestFile[];
  readonly defects: readonly Defect[];
  readonly phase: 'sample' | 'full' | 'incremental';
  readonly since: string;
  readonly until: string;
  readonly defectRate: number;
  readonly compress: string;
  /** Accounts whose records are in the delivery, active and inactive as of `until`. */
  readonly accounts: { readonly total: number; readonly active: number; readonly inactive: number };
  readonly servicePoints: number;
  readonly state: GeneratorState;
}

export const MANIFEST_NAME = 'manifest.json';

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Thrown when `--after DIR` holds no usable manifest. */
export class ManifestError extends Error {
  readonly code = 'GENERATE_MANIFEST';
}

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_NAME), 'utf8');
  } catch {
    throw new ManifestError(`${join(dir, MANIFEST_NAME)} cannot be read: --after names the folder of an earlier generated delivery`);
  }
  const m = JSON.parse(text) as Partial<Manifest>;
  if (!m.state || typeof m.seed !== 'number' || typeof m.utility !== 'string' || typeof m.standard !== 'string') {
    throw new ManifestError(`${join(dir, MANIFEST_NAME)} was not written by intake generate (no generator state)`);
  }
  return m as Manifest;
}
