/**
 * References between the file types of one standard (FileTypeSpec.references): participation rows name a
 * defined program/measure pair, classification rows a defined classifier value, billing rows a bill and a
 * segment of the delivery. Target files are read first (fileOrder) and leave their keys in a per-delivery
 * table; a referring file checks each row against it. Without the target file in the delivery, a reference is
 * not checked — and when the spec says the target must come with it, that is reported once.
 */
import { formatDay } from '../validate/bytes.js';
import { codeIndex } from '../validate/collector.js';
import type { DeliveryState } from '../validate/delivery-state.js';
import type { CheckContext, RowCheck, RowView } from './types.js';

const TARGET_MISSING = codeIndex('REF_TARGET_MISSING');
const NO_LIMIT = Infinity;

/** Keys of one target file type: joined key → the notAfter limit of that row (Infinity when none). */
type KeyTable = Map<string, number>;

/** Per delivery: `standard|fileType|columns` → keys seen in files of that type. */
const tables = new WeakMap<DeliveryState, Map<string, KeyTable>>();

function tablesOf(d: DeliveryState): Map<string, KeyTable> {
  let t = tables.get(d);
  if (!t) tables.set(d, (t = new Map()));
  return t;
}

const tableId = (standard: string, fileType: string, columns: readonly string[]) => `${standard}|${fileType}|${columns.join(',')}`;

function keyOf(r: RowView, cols: readonly number[]): string | undefined {
  let key = '';
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as number;
    if (r.empty(c)) return undefined;
    key = i === 0 ? r.key(c) : `${key}\u0000${r.key(c)}`;
  }
  return key;
}

/** A minute count from a datetime reader as yyyyMMdd HHmm, for messages. */
function formatMinutes(v: number): string {
  const day = Math.floor(v / 1440);
  const m = Math.round(v - day * 1440);
  return `${formatDay(day)} ${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
}

type Step = (r: RowView, ctx: CheckContext) => boolean;

export const references: RowCheck = {
  id: 'references',
  codes: ['REF_TARGET_MISSING'],
  forFile(setup) {
    const { standard, fileType } = setup;
    const all = tablesOf(setup.delivery);
    const recorders: { cols: number[]; limit: number; table: KeyTable }[] = [];
    // As a target: record the keys every reference to this file type uses.
    for (const ft of standard.fileTypes) {
      for (const ref of ft.references ?? []) {
        if (ref.target !== fileType.id) continue;
        const id = tableId(standard.id, fileType.id, ref.targetColumns);
        const cols = ref.targetColumns.map((n) => setup.col(n));
        if (cols.some((c) => c < 0) || recorders.some((x) => x.table === all.get(id))) continue;
        const table: KeyTable = all.get(id) ?? new Map();
        all.set(id, table);
        recorders.push({ cols, limit: ref.notAfter ? setup.col(ref.notAfter.targetColumn) : -1, table });
      }
    }
    // As a source: check each row against the target's keys, stopping at the first failed reference of a row.
    const steps: Step[] = [];
    const missing: string[] = [];
    for (const ref of fileType.references ?? []) {
      const table = all.get(tableId(standard.id, ref.target, ref.targetColumns));
      const targetType = standard.fileTypes.find((f) => f.id === ref.target);
      if (!table) {
        if (ref.targetRequired && targetType) missing.push(targetType.nameToken);
        continue;
      }
      const cols = ref.columns.map((n) => setup.col(n));
      if (cols.some((c) => c < 0)) continue;
      const code = codeIndex(ref.code);
      const at = cols[cols.length - 1] as number;
      const after = ref.notAfter ? setup.col(ref.notAfter.column) : -1;
      const afterCode = ref.notAfter ? codeIndex(ref.notAfter.code) : -1;
      steps.push((r, ctx) => {
        const key = keyOf(r, cols);
        if (key === undefined) return true;
        const limit = table.get(key);
        if (limit === undefined) {
          ctx.report(code, at, () => ({ received: cols.map((c) => r.str(c)).join(' / ') }));
          return false;
        }
        if (after >= 0 && limit !== NO_LIMIT && r.ok(after) && r.num(after) > limit) {
          ctx.report(afterCode, after, () => ({ received: r.str(after), expected: formatMinutes(limit) }));
          return false;
        }
        return true;
      });
    }
    if (recorders.length === 0 && steps.length === 0 && missing.length === 0) return null;
    return {
      row(r, ctx) {
        for (const rec of recorders) {
          const key = keyOf(r, rec.cols);
          if (key === undefined) continue;
          const limit = rec.limit >= 0 && r.ok(rec.limit) ? r.num(rec.limit) : NO_LIMIT;
          // A pair defined twice keeps the earlier inactive date: the stricter reading.
          const was = rec.table.get(key);
          rec.table.set(key, was === undefined ? limit : Math.min(was, limit));
        }
        for (let i = 0; i < steps.length; i++) if (!(steps[i] as Step)(r, ctx)) break;
      },
      end(ctx) {
        for (const token of new Set(missing)) ctx.reportAt(TARGET_MISSING, -1, undefined, () => ({ expected: token, received: fileType.nameToken }));
      },
    };
  },
};
