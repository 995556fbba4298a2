/** Checks a file's header against the spec's column list and maps spec columns to header positions. */
import { splitCsvLine } from '../read/csv-fields.js';
import type { ColumnSpec } from '../spec/types.js';

export interface HeaderProblem {
  readonly code: string;
  readonly column?: string;
  readonly expected?: string;
  readonly received?: string;
}

export interface HeaderMapping {
  /** For each spec column, its position in the row, or -1 when the file lacks it. */
  readonly positions: Int32Array;
  readonly problems: HeaderProblem[];
}

export function checkHeader(header: readonly string[], columns: readonly ColumnSpec[]): HeaderMapping {
  const problems: HeaderProblem[] = [];
  const names = columns.map((c) => c.name);
  const specIndex = new Map(names.map((n, i) => [n, i]));
  const positions = new Int32Array(columns.length).fill(-1);
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (seen.has(h)) problems.push({ code: 'HEADER_DUPLICATE_COLUMN', received: h });
    else seen.set(h, i);
  });
  // Place each spec column: by name first, then (for renamed columns) by position.
  names.forEach((n, i) => {
    const at = seen.get(n);
    if (at !== undefined) positions[i] = at;
  });
  const used = new Set<number>(Array.from(positions).filter((p) => p >= 0));
  names.forEach((n, i) => {
    if (positions[i] !== -1) return;
    const h = header[i];
    if (h !== undefined && !specIndex.has(h) && !used.has(i)) {
      problems.push({ code: 'HEADER_RENAMED_COLUMN', column: String(i + 1), expected: n, received: h });
      positions[i] = i;
      used.add(i);
    } else {
      problems.push({ code: 'HEADER_MISSING_COLUMN', expected: n });
    }
  });
  // Order: the spec columns present must appear in spec order.
  let reported = false;
  names.forEach((n, i) => {
    const p = positions[i] as number;
    if (p >= 0 && p !== i && !reported && seen.get(n) === p && header[i] !== undefined && specIndex.has(header[i] as string)) {
      problems.push({ code: 'HEADER_ORDER', column: String(i + 1), expected: n, received: header[i] as string });
      reported = true;
    }
  });
  // Extra columns: after the last spec column they need agreement; among them they break the import.
  const lastSpecPos = Math.max(-1, ...Array.from(positions));
  header.forEach((h, i) => {
    if (used.has(i)) return;
    if (i > lastSpecPos) problems.push({ code: 'HEADER_EXTRA_COLUMN_END', received: h || `(column ${i + 1}, unnamed)` });
    else problems.push({ code: 'HEADER_EXTRA_COLUMN_MIDDLE', received: h || `(column ${i + 1}, unnamed)` });
  });
  return { positions, problems };
}

/** The names of a header line: split at tabs (or at commas for comma-separated standards, outer quotes removed). */
export function splitHeaderLine(text: string, csv: boolean): string[] {
  return csv ? splitCsvLine(text).map((h) => unquote(h.trim())) : text.split('\t').map((h) => h.trim());
}

/** A name still in quotes once trimmed (spaces before its opening quote): without them. */
function unquote(h: string): string {
  return h.length >= 2 && h.startsWith('"') && h.endsWith('"') ? h.slice(1, -1).replace(/""/g, '"') : h;
}
