/** Day number → month index (year * 12 + month - 1), through a table built once: no string per row. */
import { dayNumber } from './bytes.js';

const FIRST = dayNumber(1800, 1, 1);
const LAST = dayNumber(2199, 12, 31);
let table: Int32Array | null = null;

function build(): Int32Array {
  const t = new Int32Array(LAST - FIRST + 1);
  // A fill per month: built at the start of every validation, mostly before V8 optimises anything.
  for (let y = 1800; y <= 2199; y++) {
    for (let m = 1; m <= 12; m++) {
      const next = m === 12 ? dayNumber(y + 1, 1, 1) : dayNumber(y, m + 1, 1);
      t.fill(y * 12 + m - 1, dayNumber(y, m, 1) - FIRST, Math.min(next, LAST + 1) - FIRST);
    }
  }
  return t;
}

export function monthOf(day: number): number {
  table ??= build();
  return table[day - FIRST] ?? -1;
}

export function monthLabel(monthIndex: number): string {
  return `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}`;
}
