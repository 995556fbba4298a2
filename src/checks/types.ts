/**
 * The shape of a check over rows. One check per file, one plain object per check: `forFile` resolves column
 * indexes and prepares state once per file (or returns null when the check does not apply); `row` runs per row
 * and reports through the context; `end` runs after the last row. Checks never throw for bad data.
 */
import type { UtilityProfile } from '../spec/profile.js';
import type { FileTypeSpec, StandardSpec } from '../spec/types.js';
import type { Occurrence } from '../validate/collector.js';
import type { DeliveryState } from '../validate/delivery-state.js';

/** The current row, valid only during the `row` call. No object is made per row. */
export interface RowView {
  readonly line: number;
  /** Field is non-empty and passed its own checks (warnings allowed). */
  ok(col: number): boolean;
  empty(col: number): boolean;
  /** Parsed value: day number for dates, minutes for times, the number for numerics, the enum index. */
  num(col: number): number;
  /** The field as text (UTF-8). */
  str(col: number): string;
  /** The field as a cheap map key (one char per byte). */
  key(col: number): string;
  /**
   * True when the field's bytes equal those of the previous row's same field (cheap "same key" test). False
   * also when the previous row is no longer at hand (the edge of a read buffer): a hint for skipping a look-up,
   * never a verdict a report may depend on.
   */
  sameAsPrevious(col: number): boolean;
  /** The row's key columns joined, for examples. */
  rowKey(): string;
  /** The row's bytes: field `col` is buf[start(col), end(col)), both -1 when the file lacks the column. */
  readonly buf: Uint8Array;
  start(col: number): number;
  end(col: number): number;
  /**
   * The same row as arrays, for the checks that run on every row of the biggest files: field `col` (≥ 0) is at
   * index `base + col` of each (starts/ends: its byte range, -1 when the file lacks it; values: as num();
   * flags: 1 when ok()). A column index of -1 must not be used here.
   */
  readonly base: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly values: Float64Array;
  readonly flags: Uint8Array;
}

/**
 * Rows read ahead of their checks (RowCheckInstance.ahead): row k's fields are at base bases[k] of the arrays,
 * field c at bases[k] + c as in RowView; `columns` is the spacing of the bases (bases[k] / columns is the row's
 * place in the arrays). The rows of a block later come to `row` with `starts` being this block's array.
 */
export interface RowBlock {
  readonly buf: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
  readonly bases: Int32Array;
  readonly count: number;
  readonly columns: number;
}

export interface CheckContext {
  /** Reports a code at a column (-1 for none). `occ` is built only when the occurrence is kept. */
  report(code: number, col: number, occ?: () => Omit<Occurrence, 'line'>): void;
  /** Reports an occurrence at another line than the current one (e.g. at the end of a file). */
  reportAt(code: number, col: number, line: number | undefined, occ: () => Omit<Occurrence, 'line'>): void;
}

export interface FileSetup {
  readonly standard: StandardSpec;
  readonly fileType: FileTypeSpec;
  readonly profile: UtilityProfile;
  readonly delivery: DeliveryState;
  /** Interval length in minutes from the file name (interval files). */
  readonly intervalMinutes?: number | undefined;
  /** Index of a column in the row, or -1 when the file does not carry it. */
  col(name: string): number;
}

export interface RowCheckInstance {
  row(r: RowView, ctx: CheckContext): void;
  end?(ctx: CheckContext): void;
  /**
   * Called with a block of rows before they come to `row` one by one (the reader thread's slots): a check whose
   * rows look keys up in big tables can compute their fingerprints and touch their slots for the whole block,
   * with many cache misses in flight at once, then intern row by row from what it computed
   * (checks/customer-entities.ts). It must not report: `row` still sees every row, in order.
   */
  ahead?(block: RowBlock): void;
  /**
   * About how many rows the file still holds, told once before most of them are read (an estimate from its
   * uncompressed size and the length of its first lines; it may be off either way): a check whose state grows
   * with the rows can make room for them in one step instead of doubling (docs/performance.md, sixth pass).
   */
  expect?(rows: number): void;
  /**
   * Columns this check asks `sameAsPrevious` of on every row (a file sorted by service point): the fast lane
   * then compares those fields with the line before's while it reads them (row-reader.ts, RepeatState).
   */
  readonly repeats?: readonly number[];
}

export interface RowCheck {
  readonly id: string;
  readonly codes: readonly string[];
  forFile(setup: FileSetup): RowCheckInstance | null;
}
