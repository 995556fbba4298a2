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
import { EMPTY, OK, type ColumnReader } from './columns.js';

/** Reads one row's fields: offsets into fs/fe (-1 for a column the file lacks), values into vals, flags into ok. */
export type RowFieldReader = (buf: Buffer, start: number, end: number, tabs: Int32Array, fs: Int32Array, fe: Int32Array, vals: Float64Array, ok: Uint8Array) => void;

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
      lines.push(`fs[${c}] = -1; fe[${c}] = -1;`);
      continue;
    }
    lines.push(`fs[${c}] = ${p === 0 ? 'start' : `tabs[${p - 1}] + 1`}; fe[${c}] = ${p === fields - 1 ? 'end' : `tabs[${p}]`};`);
    if (csv) lines.push(`if (fe[${c}] - fs[${c}] >= 2 && buf[fs[${c}]] === 34 && buf[fe[${c}] - 1] === 34) { fs[${c}]++; fe[${c}]--; }`);
  }
  for (let c = 0; c < readers.length; c++) {
    const r = readers[c] as ColumnReader;
    if ((positions[c] as number) < 0) {
      lines.push(`vals[${c}] = NaN; ok[${c}] = 0;`);
      continue;
    }
    const plain = r.spec.type === 'string' && r.spec.maxLength === undefined;
    const date = r.spec.type === 'date';
    let read: string;
    if (plain) read = `st = ${OK};`;
    else if (date) read = `d = parseDate(buf, s, e); if (d < 0) st = ${codes.badDate}; else { vals[${c}] = d; st = ${OK}; }`;
    else {
      fnNames.push(`r${c}`);
      fnValues.push(r.read);
      read = `st = r${c}(buf, s, e, vals);`;
    }
    lines.push(
      `s = fs[${c}]; e = fe[${c}]; vals[${c}] = NaN; ok[${c}] = 0;`,
      `if (s === e) { ${r.required ? `report(${codes.required}, ${c});` : ''} }`,
      `else {`,
      `  if (e - s <= ${NULL_MAX} && NULL_FIRST[buf[s]] === 1 && isNullToken(buf, s, e)) report(${codes.nullToken}, ${c}, 'an empty field');`,
      `  ${read}`,
      `  if (st === ${OK} || st === ${EMPTY}) ok[${c}] = 1; else { report(st, ${c}); if (severity[st] !== 'error') ok[${c}] = 1; }`,
      `}`,
    );
  }
  const body = `return function readRowFields(buf, start, end, tabs, fs, fe, vals, ok) {\n  let s = 0, e = 0, st = 0, d = 0;\n  ${lines.join('\n  ')}\n};`;
  const make = new Function('parseDate', 'isNullToken', 'NULL_FIRST', 'report', 'severity', ...fnNames, body) as (...a: unknown[]) => RowFieldReader;
  return make(parseDate, isNullToken, NULL_FIRST, report, severity, ...fnValues);
}
