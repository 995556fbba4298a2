/**
 * The row rules a file type declares as data (FileTypeSpec.rowRules): an end after its start, at least one of
 * several fields filled, a deletion flag only where the profile allows deletion. Column indexes and enum
 * positions are resolved once per file; the row loop compares numbers only.
 */
import { codeIndex } from '../validate/collector.js';
import type { CheckContext, RowCheck, RowView } from './types.js';

const END_BEFORE_START = codeIndex('ROW_END_BEFORE_START');
const ONE_OF = codeIndex('ROW_ONE_OF_REQUIRED');
const DELETION = codeIndex('ROW_DELETION_NOT_ALLOWED');

type Compiled = (r: RowView, ctx: CheckContext) => void;

export const specRows: RowCheck = {
  id: 'spec-rows',
  codes: ['ROW_END_BEFORE_START', 'ROW_ONE_OF_REQUIRED', 'ROW_DELETION_NOT_ALLOWED'],
  forFile(setup) {
    const rules = setup.fileType.rowRules ?? [];
    const compiled: Compiled[] = [];
    for (const rule of rules) {
      switch (rule.kind) {
        case 'order': {
          const s = setup.col(rule.start);
          const e = setup.col(rule.end);
          if (s < 0 || e < 0) break;
          const strict = rule.strict;
          const startName = rule.start;
          compiled.push((r, ctx) => {
            if (!r.ok(s) || !r.ok(e)) return;
            const bad = strict ? r.num(e) <= r.num(s) : r.num(e) < r.num(s);
            if (bad) ctx.report(END_BEFORE_START, e, () => ({ received: r.str(e), expected: `${startName} ${r.str(s)}` }));
          });
          break;
        }
        case 'one-of': {
          const cols = rule.columns.map((c) => setup.col(c));
          const names = rule.columns.join(' or ');
          const first = cols.find((c) => c >= 0) ?? -1;
          let w = -1;
          let wanted = -1;
          let when = '';
          if (rule.when) {
            w = setup.col(rule.when.column);
            // The enum reader stores the value's position in the spec's list (profile extras come after it).
            wanted = setup.fileType.columns[w]?.allowed?.indexOf(rule.when.value) ?? -1;
            when = ` when ${rule.when.column} is ${rule.when.value}`;
            if (w < 0 || wanted < 0) break;
          }
          compiled.push((r, ctx) => {
            if (w >= 0 && !(r.ok(w) && r.num(w) === wanted)) return;
            for (const c of cols) if (!r.empty(c)) return;
            ctx.report(ONE_OF, first, () => ({ expected: names, received: when, value: '' }));
          });
          break;
        }
        case 'deletion': {
          const c = setup.col(rule.column);
          if (c < 0 || setup.profile.allowAccountDeletion) break;
          compiled.push((r, ctx) => {
            if (!r.empty(c)) ctx.report(DELETION, c);
          });
          break;
        }
      }
    }
    if (compiled.length === 0) return null;
    return {
      row(r, ctx) {
        for (let i = 0; i < compiled.length; i++) (compiled[i] as Compiled)(r, ctx);
      },
    };
  },
};
