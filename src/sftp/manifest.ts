/** The optional YAML manifest a sender puts before its files: what to expect, and how long to wait for it. */
import { parse as parseYaml } from 'yaml';
import { countRows, sha256Of, sizeOf } from './file-facts.js';
import type { TransferProblem } from './transfer-report.js';

export interface ManifestFile {
  readonly name: string;
  readonly bytes?: number;
  readonly sha256?: string;
  readonly rows?: number;
}

export interface Manifest {
  readonly version: string;
  /** Seconds, counted from the manifest's arrival, within which every listed file must arrive. */
  readonly validityWindowSeconds: number;
  readonly files: readonly ManifestFile[];
}

export class ManifestError extends Error {
  readonly code = 'MANIFEST_INVALID';
}

/** Parses and checks a manifest's shape; throws ManifestError saying what is wrong. */
export function parseManifest(text: string): Manifest {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ManifestError(`not YAML (${(err as Error).message.split('\n')[0] ?? ''})`);
  }
  if (!isRecord(doc)) throw new ManifestError('the manifest is not a YAML mapping');
  const meta = doc.meta;
  if (!isRecord(meta) || (typeof meta.version !== 'string' && typeof meta.version !== 'number')) throw new ManifestError('meta.version is missing');
  const transfer = doc.transfer;
  const window = isRecord(transfer) ? transfer.validity_window : undefined;
  if (typeof window !== 'number' || !Number.isFinite(window) || window <= 0) throw new ManifestError('transfer.validity_window must be a positive number of seconds');
  if (!Array.isArray(doc.files) || doc.files.length === 0) throw new ManifestError('files must list at least one file');
  const seen = new Set<string>();
  const files = doc.files.map((f: unknown, i: number): ManifestFile => {
    if (!isRecord(f) || typeof f.name !== 'string' || f.name === '' || f.name.includes('/')) throw new ManifestError(`files[${i}].name must be a file name`);
    if (seen.has(f.name)) throw new ManifestError(`files[${i}]: ${f.name} is listed twice`);
    seen.add(f.name);
    const out: { name: string; bytes?: number; sha256?: string; rows?: number } = { name: f.name };
    if (f.bytes !== undefined) out.bytes = wholeNumber(f.bytes, `files[${i}].bytes`);
    if (f.rows !== undefined) out.rows = wholeNumber(f.rows, `files[${i}].rows`);
    if (f.sha256 !== undefined) {
      if (typeof f.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(f.sha256)) throw new ManifestError(`files[${i}].sha256 must be 64 hex digits`);
      out.sha256 = f.sha256.toLowerCase();
    }
    return out;
  });
  return { version: String(meta.version), validityWindowSeconds: window, files };
}

/** Checks the file as uploaded (size, checksum) against its manifest entry. */
export async function checkSent(entry: ManifestFile, path: string): Promise<TransferProblem[]> {
  const problems: TransferProblem[] = [];
  if (entry.bytes !== undefined) {
    const size = await sizeOf(path);
    if (size !== entry.bytes) problems.push(mismatch(entry.name, `${entry.bytes} bytes announced, ${size} received`));
  }
  if (entry.sha256 !== undefined) {
    const sum = await sha256Of(path);
    if (sum !== entry.sha256) problems.push(mismatch(entry.name, `sha256 ${entry.sha256} announced, ${sum} received`));
  }
  return problems;
}

/** Checks the data rows of the (decrypted) file against its manifest entry. */
export async function checkRows(entry: ManifestFile, path: string): Promise<TransferProblem[]> {
  if (entry.rows === undefined) return [];
  let rows: number;
  try {
    rows = await countRows(path);
  } catch (err) {
    return [mismatch(entry.name, `${entry.rows} rows announced; the rows cannot be counted (${(err as Error).message})`)];
  }
  return rows === entry.rows ? [] : [mismatch(entry.name, `${entry.rows} rows announced, ${rows} received`)];
}

function mismatch(file: string, expected: string): TransferProblem {
  return { code: 'MANIFEST_MISMATCH', file, received: file, expected };
}

function wholeNumber(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ManifestError(`${what} must be a whole number`);
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
