/**
 * Keys that must be unique within a file (FileTypeSpec.uniqueKey): premise device + measuring component,
 * billing primary keys, rates baselines. Memory grows with the distinct keys of one file (one string each).
 */
import { codeIndex } from '../validate/collector.js';
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
    let firstLine = new Map<string, number>();
    return {
      row(r, ctx) {
        let key = r.key(cols[0] as number);
        for (let i = 1; i < cols.length; i++) key += `\u0000${r.key(cols[i] as number)}`;
        const seen = firstLine.get(key);
        if (seen === undefined) firstLine.set(key, r.line);
        else ctx.report(DUPLICATE, -1, () => ({ received: cols.map((c) => r.str(c)).join(' / '), expected: `${what} (first at line ${seen})` }));
      },
      end() {
        firstLine = new Map();
      },
    };
  },
};
