/**
 * Rows in the spec's column order. The column lists come from src/spec; the generator only supplies a value
 * getter per column name, so a spec change that adds a column the generator cannot fill fails loudly at start.
 */
import type { ColumnSpec } from '../spec/index.js';

export type Getter<R> = (record: R) => string;

export interface RowCodec<R> {
  readonly header: readonly string[];
  /** The row as a tab-joined line (the hot path: no intermediate array). */
  line(record: R): string;
  /** The row as fields (for rows about to be damaged). */
  fields(record: R): string[];
}

/** Builds a row codec for `columns` from getters keyed by column name. */
export function compileRow<R>(columns: readonly ColumnSpec[], getters: Readonly<Record<string, Getter<R>>>): RowCodec<R> {
  const header = columns.map((c) => c.name);
  const list: Getter<R>[] = header.map((name) => {
    const g = getters[name];
    if (!g) throw new Error(`the generator has no value for column ${name}`);
    return g;
  });
  const n = list.length;
  return {
    header,
    line(record: R): string {
      let s = (list[0] as Getter<R>)(record);
      for (let k = 1; k < n; k++) s += '\t' + (list[k] as Getter<R>)(record);
      return s;
    },
    fields(record: R): string[] {
      return list.map((g) => g(record));
    },
  };
}
