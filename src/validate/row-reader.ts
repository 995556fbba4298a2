/**
 * The per-row field loop, generated once per file from its header mapping and column readers.
 *
 * Why generated: a loop over columns that calls `readers[c].read(...)` is one call site that sees a different
 * function for every column, so V8 treats it as megamorphic and never inlines any reader. Unrolled into one
 * statement per column, each call site sees a single reader and is inlined, field positions become constants
 * (the header fixes them), and columns that need no reader (plain text, dates) lose their branches. On the
 * 10 M-row usage file this took the field loop from about 3.2 s to about 1.5 s (docs/performance.md).
 *
 * The generated code only refers to its parameters; no spec text is spliced into it (column numbers are
 * integers checked here), so a spec or a header cannot inject code.
 */
import { NULL_LIKE_TOKENS } from '../spec/common.js';
import { parseDate } from './bytes.js';
import type { FastLane } from '../read/lines.js';
import { EMPTY, OK, type ColumnReader, type FastField } from './columns.js';

/**
 * Reads one row's fields: offsets into fs/fe (-1 for a column the file lacks), values into vals, flags into ok,
 * column c at index b + c (b: the row's base, 0 for one row at a time; the reader thread fills many rows).
 */
export type RowFieldReader = (buf: Buffer, start: number, end: number, tabs: Int32Array, fs: Int32Array, fe: Int32Array, vals: Float64Array, ok: Uint8Array, b: number) => void;

export interface RowReaderCodes {
  readonly required: number;
  readonly nullToken: number;
  readonly badDate: number;
}

/** Reports a field's diagnostic (the caller builds the example from fs/fe, which are set for every column first). */
export type FieldReport = (code: number, col: number, expected?: string) => void;

/** True when [s, e) is one of the null-like tokens (NULL, null, N/A, \N, …), compared byte by byte. */
const NULL_TOKENS = NULL_LIKE_TOKENS.map((t) => Uint8Array.from(Buffer.from(t)));
function isNullToken(buf: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  for (let k = 0; k < NULL_TOKENS.length; k++) {
    const t = NULL_TOKENS[k] as Uint8Array;
    if (t.length !== n) continue;
    let i = 0;
    while (i < n && buf[s + i] === t[i]) i++;
    if (i === n) return true;
  }
  return false;
}
/** First bytes of the null-like tokens, and their longest length: the cheap pre-test before isNullToken. */
const NULL_FIRST = new Uint8Array(256);
for (const t of NULL_TOKENS) NULL_FIRST[t[0] as number] = 1;
const NULL_MAX = Math.max(...NULL_TOKENS.map((t) => t.length));

/**
 * @param positions for each spec column, its field position in the file's rows (-1: the file lacks it)
 * @param fields    the number of fields of every data row (rows with another count never get here)
 * @param csv       strip one pair of outer quotes from a field (comma-separated standards)
 * @param severity  per diagnostic code, its severity: a field with a warning still counts as read
 */
export function compileRowReader(readers: readonly ColumnReader[], positions: Int32Array, fields: number, csv: boolean, codes: RowReaderCodes, severity: readonly string[], report: FieldReport): RowFieldReader {
  const lines: string[] = [];
  const fnNames: string[] = [];
  const fnValues: unknown[] = [];
  for (let c = 0; c < readers.length; c++) {
    const p = positions[c] as number;
    if (!Number.isInteger(p) || p >= fields) throw new RangeError(`column ${c}: position ${p} outside ${fields} fields`);
    if (p < 0) {
      lines.push(`fs[b + ${c}] = -1; fe[b + ${c}] = -1;`);
      continue;
    }
    lines.push(`fs[b + ${c}] = ${p === 0 ? 'start' : `tabs[${p - 1}] + 1`}; fe[b + ${c}] = ${p === fields - 1 ? 'end' : `tabs[${p}]`};`);
    if (csv) lines.push(`if (fe[b + ${c}] - fs[b + ${c}] >= 2 && buf[fs[b + ${c}]] === 34 && buf[fe[b + ${c}] - 1] === 34) { fs[b + ${c}]++; fe[b + ${c}]--; }`);
  }
  for (let c = 0; c < readers.length; c++) {
    const r = readers[c] as ColumnReader;
    if ((positions[c] as number) < 0) {
      lines.push(`vals[b + ${c}] = NaN; ok[b + ${c}] = 0;`);
      continue;
    }
    const plain = r.spec.type === 'string' && r.spec.maxLength === undefined;
    const date = r.spec.type === 'date';
    let read: string;
    if (plain) read = `st = ${OK};`;
    else if (date) read = `d = parseDate(buf, s, e); if (d < 0) st = ${codes.badDate}; else { vals[b + ${c}] = d; st = ${OK}; }`;
    else {
      fnNames.push(`r${c}`);
      fnValues.push(r.read);
      // Column readers write vals[their column]: they get a scratch row, copied to the row's base after.
      read = `tmp[${c}] = NaN; st = r${c}(buf, s, e, tmp); vals[b + ${c}] = tmp[${c}];`;
    }
    lines.push(
      `s = fs[b + ${c}]; e = fe[b + ${c}]; vals[b + ${c}] = NaN; ok[b + ${c}] = 0;`,
      `if (s === e) { ${r.required ? `report(${codes.required}, ${c});` : ''} }`,
      `else {`,
      `  if (e - s <= ${NULL_MAX} && NULL_FIRST[buf[s]] === 1 && isNullToken(buf, s, e)) report(${codes.nullToken}, ${c}, 'an empty field');`,
      `  ${read}`,
      `  if (st === ${OK} || st === ${EMPTY}) ok[b + ${c}] = 1; else { report(st, ${c}); if (severity[st] !== 'error') ok[b + ${c}] = 1; }`,
      `}`,
    );
  }
  const body = `return function readRowFields(buf, start, end, tabs, fs, fe, vals, ok, b) {\n  let s = 0, e = 0, st = 0, d = 0;\n  ${lines.join('\n  ')}\n};`;
  const make = new Function('parseDate', 'isNullToken', 'NULL_FIRST', 'report', 'severity', 'tmp', ...fnNames, body) as (...a: unknown[]) => RowFieldReader;
  return make(parseDate, isNullToken, NULL_FIRST, report, severity, new Float64Array(readers.length), ...fnValues);
}

/**
 * Reads the rows of a block of whole lines [from, to) (buf[to - 1] is LF), returning the last line's number.
 * `line` is the number of the line before the block.
 */
export type LineBlockReader = (buf: Buffer, from: number, to: number, line: number) => number;

/** Hands one line that the fast reader does not take to the general path; returns where the next line starts. */
export type SlowLine = (buf: Buffer, lineStart: number, line: number) => number;

/** A row read cleanly: its fields are at base `b` of the arrays; the row's line number is `line`. */
export type RowRead = (buf: Buffer, line: number, b: number) => void;

/**
 * The arrays the fast reader fills (two rows wide in the validator's thread, a slot's rows in the reader thread)
 * and the base cell. The lane reads the arrays from this object at the start of every call, so the reader
 * thread points one lane at each slot's arrays in turn: one generated function per file, compiled once, where a
 * lane per slot was compiled once per slot (six large functions; docs/performance.md).
 */
export interface RowArrays {
  fs: Int32Array;
  fe: Int32Array;
  vals: Float64Array;
  ok: Uint8Array;
  /** base[0]: where the next row goes (0 or the column count); the row callback flips it. */
  readonly base: Int32Array;
  /** Per column of a RepeatState: REPEAT_SAME or REPEAT_NOT_KNOWN at base + column (only with a RepeatState). */
  same?: Uint8Array;
}

/** `same[b + c]`: not set (the general path read the row): compare the bytes to know. */
export const REPEAT_UNKNOWN = 0;
/** `same[b + c]`: not known to equal the previous line's field (it differs, or that line was not a clean row). */
export const REPEAT_NOT_KNOWN = 1;
/** `same[b + c]`: the field's bytes equal those of the same field on the line just before. */
export const REPEAT_SAME = 2;
/** Keys longer than this are not remembered (their rows are simply never marked REPEAT_SAME). */
const REPEAT_KEY_BYTES = 256;

/**
 * The columns whose field the fast lane compares with the previous line's while it reads them, for checks that
 * ask on every row whether the service point (or channel) is still the one before (RowView.sameAsPrevious):
 * in a file sorted by service point nearly every row is. Comparing while the field is scanned costs a byte
 * compare in a loop that runs anyway (about 10 ns a row); comparing afterwards, in the check, cost a second loop
 * over the field and about 50 ns a row of the checks' thread on the 10 M-row usage file (docs/performance.md).
 *
 * One state per file, kept across the blocks and slots the lane reads, so that the first row of a block is
 * compared with the last row of the block before. A row is marked the same only when the line just before it
 * was a clean row of the fast lane (`line[k] === line - 1`); any other line in between (one the
 * general path reads, a blank or an overlong one) leaves it unmarked, which checks read as "look it up".
 */
export class RepeatState {
  /** Per repeat column k: the key bytes of the last clean row, their length (-1: none), and that row's line. */
  readonly keys: Uint8Array[];
  readonly lengths: Int32Array;
  readonly lines: Int32Array;
  constructor(readonly columns: readonly number[]) {
    this.keys = columns.map(() => new Uint8Array(REPEAT_KEY_BYTES));
    this.lengths = new Int32Array(columns.length).fill(-1);
    this.lines = new Int32Array(columns.length).fill(-2);
  }
}

/**
 * The fast lane for tab-separated files: one generated loop that finds each field's end and reads it in the
 * same pass, without the tab positions, the per-line call and the second walk of the general path (scanner →
 * line sink → field reader). It takes only rows the general path would accept without a word: the header's
 * field count, no control character, no CR but the one before LF, every field passing its reader with OK, no
 * empty required field, no null-like token, not longer than maxLine. Any other line goes, whole and untouched,
 * to `slow`, the general path, which reports it exactly as before; so the two paths give the same report.
 * Measured on the 28.8 M-row interval file: scanning and reading took about 4.3 s the general way and about
 * 2 s this way (docs/performance.md).
 */
/**
 * Both fast lanes of a file: for blocks that are valid UTF-8, and for blocks that are not, where only lines of
 * ASCII bytes are taken (so that a few invalid bytes do not send a whole block the general way).
 */
export function compileFastLane(readers: readonly ColumnReader[], positions: Int32Array, fields: number, maxLine: number, arrays: RowArrays, slow: SlowLine, done: RowRead, repeat?: RepeatState): FastLane {
  return {
    valid: compileLineReader(readers, positions, fields, maxLine, arrays, slow, done, false, repeat),
    ascii: compileLineReader(readers, positions, fields, maxLine, arrays, slow, done, true, repeat),
  };
}

export function compileLineReader(readers: readonly ColumnReader[], positions: Int32Array, fields: number, maxLine: number, arrays: RowArrays, slow: SlowLine, done: RowRead, asciiOnly = false, repeat?: RepeatState): LineBlockReader {
  const n = readers.length;
  // Repeat columns the file has: k (index into the state) by spec column.
  const repeatOf = new Map<number, number>();
  if (repeat && arrays.same) {
    repeat.columns.forEach((c, k) => {
      if (!Number.isInteger(c) || c < 0 || c >= n) throw new RangeError(`repeat column ${c} outside ${n} columns`);
      if ((positions[c] as number) >= 0) repeatOf.set(c, k);
    });
  }
  const colAt = new Int32Array(fields).fill(-1);
  for (let c = 0; c < n; c++) {
    const p = positions[c] as number;
    if (!Number.isInteger(p) || p >= fields) throw new RangeError(`column ${c}: position ${p} outside ${fields} fields`);
    if (p >= 0) colAt[p] = c;
    else {
      // Columns the file lacks read the same on every row: set once, for both row slots.
      for (const b of [0, n]) {
        arrays.fs[b + c] = -1;
        arrays.fe[b + c] = -1;
        arrays.vals[b + c] = NaN;
        arrays.ok[b + c] = 0;
      }
    }
  }
  const fnNames: string[] = [];
  const fnValues: unknown[] = [];
  const FAIL = '{ i = slow(buf, ls, line); continue; }';
  const lines: string[] = [];
  for (let p = 0; p < fields; p++) {
    const last = p === fields - 1;
    const c = colAt[p] as number;
    const r = c >= 0 ? (readers[c] as ColumnReader) : undefined;
    const fast = r?.fast;
    const width = r === undefined ? 0 : r.spec.type === 'date' ? 8 : fast?.kind === 'time' ? 4 : fast?.kind === 'utc-offset' ? 6 : 0;
    const numeric = fast?.kind === 'decimal' || fast?.kind === 'integer';
    // An enum column compared with the line before's nowhere: each value tested in place, with the delimiter
    // after it, before any byte-by-byte search (below, for a value the arms do not take).
    const arms = fast?.kind === 'enum' && (c < 0 || !repeatOf.has(c)) ? directArms(fast.values, last) : [];
    if (arms.length > 0) {
      lines.push(
        's = i; st = -1;',
        `${arms.join(' else ')}`,
        'if (st >= 0) {',
        `  fs[b + ${c}] = s; fe[b + ${c}] = e; vals[b + ${c}] = st; ok[b + ${c}] = 1;`,
        '} else {',
      );
    }
    // Find the field's end [s, e) and step past its delimiter; anything but the expected delimiter: the slow path.
    if (numeric) {
      // Parsed while found, as parseDecimal does; a byte it would not take stops the loop short of the delimiter.
      lines.push(
        's = i; ng = false; ip = 0; fr = 0; sc = 1; dg = 0; dc = 0; ch = buf[i];',
        'if (ch === 45 || ch === 43) { ng = ch === 45; i++; }',
        // The whole part, then after one dot the fraction (its first 15 digits count, as in parseDecimal).
        'for (;;) { ch = buf[i]; if (ch < 48 || ch > 57) break; ip = ip * 10 + (ch - 48); dg++; i++; }',
        'if (ch === 46) { i++; for (;;) { ch = buf[i]; if (ch < 48 || ch > 57) break; if (dc < 15) { fr = fr * 10 + (ch - 48); sc *= 10; } dc++; dg++; i++; } }',
        ...(last ? ['e = i;', `if (ch === 10) i++; else if (ch === 13 && buf[i + 1] === 10) i += 2; else ${FAIL}`] : [`if (ch !== 9) ${FAIL}`, 'e = i; i++;']),
      );
    } else if (width > 0 && !last) {
      // Fixed width: no byte-by-byte search; the value's own test below checks every byte of the window.
      lines.push('s = i;', `if (buf[i] === 9) e = i; else { if (buf[i + ${width}] !== 9) ${FAIL} e = i + ${width}; }`, 'i = e + 1;');
    } else {
      // ASCII only: a byte above 127 stops the field short of its delimiter, so its line goes the general way.
      const k = c >= 0 ? repeatOf.get(c) : undefined;
      if (k !== undefined) {
        // A repeat column: compared with the last clean row's key in the same loop (eq stays 1 while equal).
        lines.push(
          `s = i; q = 0; kb = RK[${k}]; eq = RL[${k}] === line - 1 ? 1 : 0;`,
          `while ((ch = buf[i]) > 31${asciiOnly ? ' && ch < 128' : ''}) { if (eq === 1 && (q >= ${REPEAT_KEY_BYTES} || kb[q] !== ch)) eq = 0; q++; i++; }`,
        );
      } else lines.push('s = i;', asciiOnly ? 'while ((ch = buf[i]) > 31 && ch < 128) i++;' : 'while (buf[i] > 31) i++;');
      if (last) lines.push('e = i;', `if (buf[i] === 10) i++; else if (buf[i] === 13 && buf[i + 1] === 10) i += 2; else ${FAIL}`);
      else lines.push(`if (buf[i] !== 9) ${FAIL}`, 'e = i; i++;');
      if (k !== undefined) lines.push(repeatStore(k, c, false));
    }
    if (c >= 0 && (numeric || (width > 0 && !last))) {
      // A repeat column read some other way (a number, a fixed-width value): compared after the field is found.
      const k = repeatOf.get(c);
      if (k !== undefined) lines.push(repeatStore(k, c, true));
    }
    if (c < 0 || r === undefined) continue;
    const plain = r.spec.type === 'string' && r.spec.maxLength === undefined;
    // Types whose reader refuses every null-like token (NULL, N/A, \N, …) need no test for them: the reader fails.
    const refusesNullTokens = numeric || width > 0;
    let read: string;
    if (plain) read = `vals[b + ${c}] = NaN; ok[b + ${c}] = 1;`;
    else if (r.spec.type === 'date') read = `d = parseDate(buf, s, e); if (d < 0) ${FAIL} vals[b + ${c}] = d; ok[b + ${c}] = 1;`;
    else if (fast !== undefined) read = inlineRead(fast, c, FAIL);
    else {
      fnNames.push(`r${c}`);
      fnValues.push(r.read);
      read = `tmp[${c}] = NaN; st = r${c}(buf, s, e, tmp); if (st !== ${OK} && st !== ${EMPTY}) ${FAIL} vals[b + ${c}] = tmp[${c}]; ok[b + ${c}] = 1;`;
    }
    // Every branch below stores the value and flag (or leaves the line to the slow path, which stores them all).
    lines.push(
      `fs[b + ${c}] = s; fe[b + ${c}] = e;`,
      `if (s === e) { ${r.required ? FAIL : `vals[b + ${c}] = NaN; ok[b + ${c}] = 0;`} }`,
      `else {`,
      ...(refusesNullTokens ? [] : [`  if (e - s <= ${NULL_MAX} && NULL_FIRST[buf[s]] === 1 && isNullToken(buf, s, e)) ${FAIL}`]),
      `  ${read}`,
      `}`,
    );
    if (arms.length > 0) lines.push('}');
  }
  // A blank line of a one-column file is ROW_BLANK for the general path.
  const blank = fields === 1 ? `if (e === ls) ${FAIL}` : '';
  const body = `return function readLines(buf, from, to, line) {
  const fs = A.fs, fe = A.fe, vals = A.vals, ok = A.ok, same = A.same ?? NO_SAME;
  let i = from, ls = 0, s = 0, e = 0, st = 0, d = 0, b = 0, ch = 0, ip = 0, fr = 0, sc = 1, dg = 0, dc = 0, v = 0.5, h = 0, m = 0, q = 0, eq = 0;
  let ng = false;
  let kb = RK0;
  while (i < to) {
    ls = i;
    line++;
    b = base[0];
    ${lines.join('\n    ')}
    ${blank}
    if (e - ls > ${Math.floor(maxLine)}) ${FAIL}
    ${[...repeatOf.values()].map((k) => `RL[${k}] = line;`).join(' ')}
    done(buf, line, b);
  }
  return line;
};`;
  const make = new Function('parseDate', 'isNullToken', 'NULL_FIRST', 'slow', 'done', 'A', 'base', 'tmp', 'NO_SAME', 'RK', 'RN', 'RL', 'RK0', ...fnNames, body) as (...a: unknown[]) => LineBlockReader;
  const keys = repeat?.keys ?? [];
  return make(parseDate, isNullToken, NULL_FIRST, slow, done, arrays, arrays.base, new Float64Array(n),
    new Uint8Array(0), keys, repeat?.lengths ?? new Int32Array(0), repeat?.lines ?? new Int32Array(0), keys[0] ?? new Uint8Array(0), ...fnValues);
}

/**
 * Generated code: marks field [s, e) of repeat column c (state k) REPEAT_SAME or REPEAT_NOT_KNOWN, and keeps its
 * bytes when they differ. `compare`: the bytes were not compared while scanning (eq is computed here).
 */
function repeatStore(k: number, c: number, compare: boolean): string {
  const cmp = compare
    ? `kb = RK[${k}]; q = e - s; eq = RL[${k}] === line - 1 && q === RN[${k}] ? 1 : 0; if (eq === 1) { for (let j = 0; j < q; j++) if (kb[j] !== buf[s + j]) { eq = 0; break; } }`
    : `q = e - s;`;
  // The key is kept (and RL set, at the end of a clean row) only when short enough; otherwise RN is -1.
  return `${cmp} if (eq === 1 && q === RN[${k}]) same[b + ${c}] = ${REPEAT_SAME}; else { same[b + ${c}] = ${REPEAT_NOT_KNOWN}; if (q <= ${REPEAT_KEY_BYTES}) { kb = RK[${k}]; for (let j = 0; j < q; j++) kb[j] = buf[s + j]; RN[${k}] = q; } else RN[${k}] = -1; }`;
}

/**
 * Generated code: for each value of an enum (in order, the first that matches wins, as in its reader), a test
 * of its bytes at i and of the delimiter after them; on a match st is the value's position, e its end, and i
 * past the delimiter. Values that are empty or null-like tokens are left to the search (their field goes the
 * general way: empty, or a null token, which the lane does not take). The search would find the same field,
 * since no value holds a byte below 32.
 */
function directArms(values: readonly (readonly number[])[], last: boolean): string[] {
  const arms: string[] = [];
  values.forEach((bytes, k) => {
    if (bytes.length === 0 || bytes.some((x) => x < 32) || NULL_TOKENS.some((t) => t.length === bytes.length && t.every((x, j) => x === bytes[j]))) return;
    // A value that an earlier one equals never matches (the earlier one wins): no arm for it.
    if (values.slice(0, k).some((v) => v.length === bytes.length && v.every((x, j) => x === bytes[j]))) return;
    const L = bytes.length;
    const test = bytes.map((x, j) => `buf[i + ${j}] === ${x}`).join(' && ');
    const end = last
      ? `if (${test} && (buf[i + ${L}] === 10 || (buf[i + ${L}] === 13 && buf[i + ${L + 1}] === 10))) { e = i + ${L}; i = buf[e] === 10 ? e + 1 : e + 2; st = ${k}; }`
      : `if (${test} && buf[i + ${L}] === 9) { e = i + ${L}; i = e + 1; st = ${k}; }`;
    arms.push(end);
  });
  return arms;
}

/** A number for generated code: finite ones as literals, ±Infinity by name. */
function lit(x: number): string {
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (!Number.isFinite(x)) throw new RangeError(`not a number: ${x}`);
  return String(x);
}

/**
 * Inline code that accepts [s, e) exactly when the column's reader returns OK, storing the same value. For
 * numbers, the parse (ip, fr, sc, dg, dc, ng) was done while finding the field's end, as parseDecimal does it.
 */
function inlineRead(f: FastField, c: number, FAIL: string): string {
  const store = `vals[b + ${c}] = v; ok[b + ${c}] = 1;`;
  switch (f.kind) {
    case 'decimal': {
      const tests = [`dg === 0`, `dc > ${lit(f.maxDecimals)}`];
      const range = Number.isFinite(f.max) ? `if (v > ${lit(f.max)} || v < ${lit(-f.max)}) ${FAIL}` : '';
      const sign = [f.nonNegative ? 'v < 0' : '', f.minExclusiveZero ? 'v === 0' : ''].filter(Boolean).join(' || ');
      return `if (${tests.join(' || ')}) ${FAIL} v = ip + fr / sc; if (ng) v = -v; ${range} ${sign ? `if (${sign}) ${FAIL}` : ''} ${store}`;
    }
    case 'integer': {
      const range = [Number.isFinite(f.min) ? `v < ${lit(f.min)}` : '', Number.isFinite(f.max) ? `v > ${lit(f.max)}` : ''].filter(Boolean).join(' || ');
      const cycle = f.cycle ? `if (!((v >= 25 && v <= 35) || (v >= 55 && v <= 65) || (v >= 85 && v <= 95) || (v >= 360 && v <= 370))) ${FAIL}` : '';
      return `if (dg === 0 || dc > 0) ${FAIL} v = ip + fr / sc; if (ng) v = -v; if (!Number.isInteger(v)) ${FAIL} ${range ? `if (${range}) ${FAIL}` : ''} ${cycle} ${store}`;
    }
    case 'time':
      return [
        `if (e - s !== 4) ${FAIL}`,
        `h = buf[s] - 48; m = buf[s + 1] - 48; d = buf[s + 2] - 48; st = buf[s + 3] - 48;`,
        `if (h < 0 || h > 9 || m < 0 || m > 9 || d < 0 || d > 9 || st < 0 || st > 9) ${FAIL}`,
        `h = h * 10 + m; m = d * 10 + st; if (h > 23 || m > 59) ${FAIL}`,
        `v = h * 60 + m; ${store}`,
      ].join(' ');
    case 'utc-offset':
      return [
        `if (e - s !== 6) ${FAIL}`,
        `ch = buf[s]; if ((ch !== 43 && ch !== 45) || buf[s + 3] !== 58) ${FAIL}`,
        `h = buf[s + 1] - 48; d = buf[s + 2] - 48; m = buf[s + 4] - 48; st = buf[s + 5] - 48;`,
        `if (h < 0 || h > 9 || d < 0 || d > 9 || m < 0 || m > 9 || st < 0 || st > 9) ${FAIL}`,
        `h = h * 10 + d; m = m * 10 + st; if (h > 14 || m > 59) ${FAIL}`,
        `v = (ch === 45 ? -1 : 1) * (h * 60 + m); ${store}`,
      ].join(' ');
    case 'enum': {
      // The first value that matches wins, as in the reader (its position is the value).
      const arms = f.values.map((bytes, k) => `if (e - s === ${bytes.length}${bytes.map((x, j) => ` && buf[s + ${j}] === ${x}`).join('')}) v = ${k};`);
      return `${arms.join(' else ')} else ${FAIL} ${store}`;
    }
  }
}
