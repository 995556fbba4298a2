/**
 * Keys that must be unique within a file (FileTypeSpec.uniqueKey): premise device + measuring component,
 * billing primary keys, rates baselines. Keys are kept as hashes (key-set.ts), about 24 bytes each.
 */
import { codeIndex } from '../validate/collector.js';
import { KeyLineSet } from './key-set.js';
import type { RowCheck } from './types.js';

const DUPLICATE = codeIndex('DUPLICATE_KEY');

export const uniqueKey: RowCheck = {
  id: 'unique-key',
  codes: ['DUPLICATE_KEY'],
  forFile(setup) {
    const names = setup.fileType.uniqueKey;
    if (!names || names.length === 0) return null;
    const cols = names.map((n) => setup.col(n));
    if (cols.some((c) => c < 0)) return null;
    const what = names.join(' + ');
    const parts: string[] = new Array<string>(cols.length).fill('');
    let seen = new KeyLineSet();
    return {
      row(r, ctx) {
        for (let i = 0; i < cols.length; i++) parts[i] = r.key(cols[i] as number);
        const first = seen.addParts(parts, r.line);
        if (first !== 0) ctx.report(DUPLICATE, -1, () => ({ received: cols.map((c) => r.str(c)).join(' / '), expected: `${what} (first at line ${first})` }));
      },
      end() {
        seen = new KeyLineSet();
      },
    };
  },
};
