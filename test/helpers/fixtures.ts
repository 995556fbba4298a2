/**
 * Hand-written deliveries under test/fixtures/<standard>/<clean|damaged>/, named by the convention without the
 * compression extension. `deliveryOf` gzips the tab-separated files into a temporary folder under their real
 * names (….gz) and copies documented-uncompressed ones (.csv) as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir, writeGz, writePlain } from './files.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

export function deliveryOf(standard: string, variant: 'clean' | 'damaged'): string[] {
  const from = path.join(FIXTURES, standard, variant);
  const dir = tempDir();
  return readdirSync(from).sort().map((name) => {
    const text = readFileSync(path.join(from, name));
    return name.endsWith('.tsv') ? writeGz(dir, name.replace(/\.tsv$/, '.gz'), text) : writePlain(dir, name, text);
  });
}
