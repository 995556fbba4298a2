/**
 * Periods per key across one file (FileTypeSpec.timeline): bill segments of a service agreement run end to
 * start without overlaps; SA-SP ranges of one pair do not overlap. Rows may come in any order, so the periods
 * are kept (key index, start, end, line: 28 bytes each) and sorted after the last row.
 */
import { codeIndex } from '../validate/collector.js';
import type { RowCheck } from './types.js';

/** Date-times are minutes with seconds as fractions; equal instants may differ by rounding. */
const EPS = 1e-6;

export const timeline: RowCheck = {
  id: 'timeline',
  codes: ['BILLING_SEGMENT_GAP', 'BILLING_SEGMENT_OVERLAP', 'SA_SP_OVERLAP'],
  forFile(setup) {
    const t = setup.fileType.timeline;
    if (!t) return null;
    const keyCols = t.key.map((n) => setup.col(n));
    const s = setup.col(t.start);
    const e = setup.col(t.end);
    if (s < 0 || e < 0 || keyCols.some((c) => c < 0)) return null;
    const overlap = codeIndex(t.overlapCode);
    const gap = t.gapCode ? codeIndex(t.gapCode) : -1;
    const keys = new Map<string, number>();
    const names: string[] = [];
    let n = 0;
    let keyIdx = new Int32Array(1024);
    let starts = new Float64Array(1024);
    let ends = new Float64Array(1024);
    let lines = new Int32Array(1024);
    const texts = (i: number) => `${formatMinutes(starts[i] as number)}–${Number.isFinite(ends[i]) ? formatMinutes(ends[i] as number) : 'open'}`;
    return {
      row(r) {
        if (!r.ok(s) || (!r.empty(e) && !r.ok(e))) return;
        let key = '';
        for (let i = 0; i < keyCols.length; i++) {
          const c = keyCols[i] as number;
          if (r.empty(c)) return;
          key = i === 0 ? r.str(c) : `${key} / ${r.str(c)}`;
        }
        let k = keys.get(key);
        if (k === undefined) {
          k = names.length;
          keys.set(key, k);
          names.push(key);
        }
        if (n === lines.length) {
          const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
          keyIdx = grow(keyIdx, new Int32Array(n * 2));
          starts = grow(starts, new Float64Array(n * 2));
          ends = grow(ends, new Float64Array(n * 2));
          lines = grow(lines, new Int32Array(n * 2));
        }
        keyIdx[n] = k;
        starts[n] = r.num(s);
        ends[n] = r.empty(e) ? Infinity : r.num(e);
        lines[n] = r.line;
        n++;
      },
      end(ctx) {
        const order = Array.from({ length: n }, (_, i) => i);
        // By key, then start, then line: the later of two rows with one key and start is the correction.
        order.sort((a, b) => (keyIdx[a] as number) - (keyIdx[b] as number) || (starts[a] as number) - (starts[b] as number) || (lines[a] as number) - (lines[b] as number));
        let prev = -1;
        for (const i of order) {
          if (prev >= 0 && keyIdx[prev] === keyIdx[i]) {
            const ps = starts[prev] as number;
            const pe = ends[prev] as number;
            const cs = starts[i] as number;
            if (Math.abs(cs - ps) < EPS) {
              prev = i; // same start: a correction that replaces the earlier row
              continue;
            }
            const p = prev;
            if (cs < pe - EPS) ctx.reportAt(overlap, -1, lines[i], () => ({ received: names[keyIdx[i] as number], expected: texts(p) }));
            else if (gap >= 0 && cs > pe + EPS) ctx.reportAt(gap, -1, lines[i], () => ({ received: names[keyIdx[i] as number], expected: formatMinutes(pe) }));
          }
          prev = i;
        }
      },
    };
  },
};

function formatMinutes(v: number): string {
  const day = Math.floor(v / 1440);
  const m = Math.round(v - day * 1440);
  const date = new Date(Date.UTC(1800, 0, 1 + day));
  return `${date.toISOString().slice(0, 10)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
