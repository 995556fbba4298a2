/**
 * Hand-written deliveries under test/fixtures/<standard>/<clean|damaged>/, named by the convention without the
 * compression extension. `deliveryOf` gzips the tab-separated files into a temporary folder under their real
 * names (….gz) and copies documented-uncompressed ones (.csv) as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/report/types.js';
import { tempDir, writeGz, writePlain } from './files.js';
import { hits, type Hit } from './report.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

export function deliveryOf(standard: string, variant: 'clean' | 'damaged'): string[] {
  const from = path.join(FIXTURES, standard, variant);
  const dir = tempDir();
  return readdirSync(from).sort().map((name) => {
    const text = readFileSync(path.join(from, name));
    return name.endsWith('.tsv') ? writeGz(dir, name.replace(/\.tsv$/, '.gz'), text) : writePlain(dir, name, text);
  });
}

/** The header and the first data row of a clean fixture file, as column → value. */
function firstRow(standard: string, file: string): { header: string[]; defaults: Record<string, string>; sep: string } {
  const text = readFileSync(path.join(FIXTURES, standard, 'clean', file), 'utf8');
  const sep = file.endsWith('.csv') ? ',' : '\t';
  const [head = '', first = ''] = text.split('\n');
  const header = head.split(sep);
  const values = first.split(sep);
  return { header, sep, defaults: Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])) };
}

/**
 * Writes a one-file-per-entry delivery: each entry names a clean fixture file and gives its rows as overrides of
 * that file's first row. Returns the paths in the order given.
 */
export function deliveryFrom(standard: string, entries: { file: string; rows: Record<string, string>[]; as?: string }[]): string[] {
  const dir = tempDir();
  return entries.map(({ file, rows, as }) => {
    const { header, defaults, sep } = firstRow(standard, file);
    const text = [header.join(sep), ...rows.map((o) => header.map((h) => o[h] ?? defaults[h] ?? '').join(sep))].join('\n') + '\n';
    const name = as ?? file;
    return name.endsWith('.tsv') ? writeGz(dir, name.replace(/\.tsv$/, '.gz'), text) : writePlain(dir, name, text);
  });
}

/** Errors per file type of a multi-file delivery, each as [line, column, code]. */
export function errorsByFileType(r: Report): Record<string, Hit[]> {
  const out: Record<string, Hit[]> = {};
  for (const fileType of new Set(r.issues.map((i) => i.fileType ?? '(delivery)'))) {
    const h = hits({ ...r, issues: r.issues.filter((i) => (i.fileType ?? '(delivery)') === fileType) }, ['error']);
    if (h.length) out[fileType] = h;
  }
  return out;
}
