/**
 * Compiles a file type's columns, with the utility profile applied, into an array of small readers. The hot
 * loop only indexes this array: enum sets, bounds and parsers are prepared here, once per file.
 */
import { US_STATES } from '../spec/common.js';
import type { UtilityProfile } from '../spec/profile.js';
import type { ColumnSpec, FileTypeSpec } from '../spec/types.js';
import { bytesEqual, dayNumber, decimalInfo, NUM_COMMA, NUM_EXPONENT, parseDate, parseDecimal, parseTime } from './bytes.js';
import { codeIndex } from './collector.js';

/** A field passed (value in `vals[index]`). */
export const OK = 0;
/** A field is empty (and that is for the row rules to judge). */
export const EMPTY = -1;

export interface ColumnReader {
  readonly name: string;
  readonly index: number;
  readonly spec: ColumnSpec;
  readonly required: boolean;
  readonly pii: boolean;
  /** What the column expects, for messages ("one of A, E, U"). */
  readonly expected: string;
  /** OK, or a diagnostic code index; numeric values land in vals[index] (NaN otherwise). */
  read(buf: Uint8Array, s: number, e: number, vals: Float64Array): number;
  /**
   * What `read` accepts with OK, for the fast lane (row-reader.ts) to test inline: a field passes there only
   * when `read` would return OK with the same value. Absent: the fast lane calls `read`.
   */
  readonly fast?: FastField;
}

/** The readers the fast lane can replace by inline code, with the parameters their OK depends on. */
export type FastField =
  | { readonly kind: 'decimal'; readonly max: number; readonly maxDecimals: number; readonly minExclusiveZero: boolean; readonly nonNegative: boolean }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly cycle: boolean }
  | { readonly kind: 'time' }
  | { readonly kind: 'utc-offset' }
  | { readonly kind: 'enum'; readonly values: readonly (readonly number[])[] };

const C = {
  badDate: codeIndex('FIELD_BAD_DATE'),
  badTime: codeIndex('FIELD_BAD_TIME'),
  badNumber: codeIndex('FIELD_BAD_NUMBER'),
  comma: codeIndex('FIELD_NUMBER_COMMA'),
  exponent: codeIndex('FIELD_NUMBER_EXPONENT'),
  notInteger: codeIndex('FIELD_NOT_INTEGER'),
  range: codeIndex('FIELD_OUT_OF_RANGE'),
  decimals: codeIndex('FIELD_TOO_MANY_DECIMALS'),
  badEnum: codeIndex('FIELD_BAD_ENUM'),
  tooLong: codeIndex('FIELD_TOO_LONG'),
  zip: codeIndex('FIELD_BAD_ZIP'),
  state: codeIndex('FIELD_BAD_STATE'),
  email: codeIndex('FIELD_BAD_EMAIL'),
  phone: codeIndex('FIELD_BAD_PHONE'),
  language: codeIndex('FIELD_BAD_LANGUAGE'),
  offset: codeIndex('FIELD_BAD_OFFSET'),
  datetime: codeIndex('FIELD_BAD_DATETIME'),
  currency: codeIndex('FIELD_BAD_CURRENCY'),
  country: codeIndex('FIELD_BAD_COUNTRY'),
  locale: codeIndex('FIELD_BAD_LOCALE'),
  identifier: codeIndex('FIELD_BAD_IDENTIFIER'),
  notAscii: codeIndex('FIELD_NOT_ASCII'),
  zero: codeIndex('USAGE_ZERO'),
  negative: codeIndex('USAGE_NEGATIVE'),
  negCharge: codeIndex('USAGE_NEGATIVE_CHARGE'),
  oddCycle: codeIndex('USAGE_ODD_CYCLE'),
};

const STATES = new Set<number>(US_STATES.map((s) => s.charCodeAt(0) * 256 + s.charCodeAt(1)));
const scratch = new Float64Array(1);

function numberStatus(st: number): number {
  return st === NUM_COMMA ? C.comma : st === NUM_EXPONENT ? C.exponent : C.badNumber;
}

/** Allowed values of an enum column with the profile's extra values. */
export function allowedValues(col: ColumnSpec, profile: UtilityProfile): string[] {
  return [...(col.allowed ?? []), ...(profile.extraEnumValues[col.name] ?? [])];
}

export function isRequired(col: ColumnSpec, profile: UtilityProfile): boolean {
  if (col.requirement.kind === 'required') return true;
  if (profile.requiredColumns.includes(col.name)) return true;
  if (col.name === 'ccb_account_id' && profile.usesCcb) return true;
  return false;
}

export function compileColumns(fileType: FileTypeSpec, profile: UtilityProfile, standardId: string): ColumnReader[] {
  return fileType.columns.map((spec, index) => {
    const r = compileColumn(spec, index, profile, standardId);
    return spec.asciiOnly ? asciiOnly(r) : r;
  });
}

/** Wraps a reader so that any byte above 127 fails first (FIELD_NOT_ASCII). */
function asciiOnly(r: ColumnReader): ColumnReader {
  const inner = r.read;
  return {
    ...r,
    read(buf, s, e, vals) {
      for (let i = s; i < e; i++) if ((buf[i] as number) > 127) return C.notAscii;
      return inner(buf, s, e, vals);
    },
  };
}

/** ISO 4217 codes as the runtime's ICU knows them, packed into one number each. */
let currencies: Set<number> | undefined;
function currencySet(): Set<number> {
  currencies ??= new Set(Intl.supportedValuesOf('currency').map((c) => c.charCodeAt(0) * 65536 + c.charCodeAt(1) * 256 + c.charCodeAt(2)));
  return currencies;
}

/** ISO 3166-1 alpha-2 codes the runtime's ICU can name (an unassigned code comes back unnamed). */
let countries: Set<number> | undefined;
function countrySet(): Set<number> {
  if (!countries) {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    countries = new Set();
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code);
        if (name !== undefined && name !== code && name !== 'Unknown Region') countries.add(a * 256 + b);
      }
    }
  }
  return countries;
}

/** Byte classes of identifier columns: 1 letter, 2 digit, 4 `_`, `-` or `.`. */
const ID_CLASS = new Uint8Array(256);
for (let c = 65; c <= 90; c++) ID_CLASS[c] = 1;
for (let c = 97; c <= 122; c++) ID_CLASS[c] = 1;
for (let c = 48; c <= 57; c++) ID_CLASS[c] = 2;
ID_CLASS[95] = 4;
ID_CLASS[45] = 4;
ID_CLASS[46] = 4;

function compileColumn(spec: ColumnSpec, index: number, profile: UtilityProfile, standardId: string): ColumnReader {
  const base = { name: spec.name, index, spec, required: isRequired(spec, profile), pii: spec.pii === true };
  const mk = (expected: string, read: ColumnReader['read'], fast?: FastField): ColumnReader => ({ ...base, expected, read, ...(fast ? { fast } : {}) });
  switch (spec.type) {
    case 'date':
      return mk('yyyyMMdd', (buf, s, e, vals) => {
        const d = parseDate(buf, s, e);
        if (d < 0) return C.badDate;
        vals[index] = d;
        return OK;
      });
    case 'time':
      return mk('HHmm', (buf, s, e, vals) => {
        const t = parseTime(buf, s, e);
        if (t < 0) return C.badTime;
        vals[index] = t;
        return OK;
      }, { kind: 'time' });
    case 'integer': {
      const min = spec.min ?? -Infinity;
      const max = spec.max ?? Infinity;
      const cycle = standardId === 'legacy-billing' && spec.name === 'duration';
      return mk(`a whole number ${rangeText(min, max)}`, (buf, s, e, vals) => {
        const st = parseDecimal(buf, s, e, scratch);
        if (st !== 0) return numberStatus(st);
        const v = scratch[0] as number;
        if (!Number.isInteger(v) || decimalInfo.decimals > 0) return C.notInteger;
        if (v < min || v > max) return C.range;
        vals[index] = v;
        if (cycle && !((v >= 25 && v <= 35) || (v >= 55 && v <= 65) || (v >= 85 && v <= 95) || (v >= 360 && v <= 370))) return C.oddCycle;
        return OK;
      }, { kind: 'integer', min, max, cycle });
    }
    case 'decimal': {
      const max = spec.max ?? Infinity;
      const maxDecimals = spec.maxDecimals ?? 15;
      const isUsage = spec.name === 'usage_value';
      const isCharge = spec.name === 'usage_charge';
      const legacyUsage = isUsage && standardId === 'legacy-billing';
      const allowNegative = profile.allowNegativeUsage;
      const expected = isUsage ? (legacyUsage ? `greater than 0 and at most ${max}` : 'at least 0') : maxDecimals < 15 ? `a number with at most ${maxDecimals} decimals` : 'a number';
      return mk(expected, (buf, s, e, vals) => {
        const st = parseDecimal(buf, s, e, scratch);
        if (st !== 0) return numberStatus(st);
        const v = scratch[0] as number;
        if (decimalInfo.decimals > maxDecimals) return C.decimals;
        vals[index] = v;
        if (v > max || v < -max) return C.range;
        if (isUsage) {
          if (v < 0 && !allowNegative) return C.negative;
          if (v === 0 && legacyUsage) return C.zero;
        } else if (isCharge && v < 0) return C.negCharge;
        return OK;
      }, { kind: 'decimal', max, maxDecimals, minExclusiveZero: legacyUsage, nonNegative: (isUsage && !allowNegative) || isCharge });
    }
    case 'enum': {
      const values = allowedValues(spec, profile);
      const lits = values.map((v) => Buffer.from(v, 'utf8'));
      // The message template says "must be one of {expected}": the list alone.
      const expected = values.join(', ');
      return mk(expected, (buf, s, e, vals) => {
        for (let i = 0; i < lits.length; i++) {
          if (bytesEqual(buf, s, e, lits[i] as Buffer)) {
            vals[index] = i;
            return OK;
          }
        }
        return C.badEnum;
      }, lits.every((l) => l.every((b) => b < 128)) ? { kind: 'enum', values: lits.map((l) => [...l]) } : undefined);
    }
    case 'zip':
      return mk('12345, 12345-6789 or 123456789', (buf, s, e) => {
        const n = e - s;
        if (n !== 5 && n !== 9 && n !== 10) return C.zip;
        for (let i = 0; i < n; i++) {
          const c = buf[s + i] as number;
          if (n === 10 && i === 5) {
            if (c !== 45) return C.zip;
          } else if (c < 48 || c > 57) return C.zip;
        }
        return OK;
      });
    case 'state':
      return mk('a two-letter state code', (buf, s, e) => {
        if (e - s !== 2) return C.state;
        return STATES.has((buf[s] as number) * 256 + (buf[s + 1] as number)) ? OK : C.state;
      });
    case 'language':
      return mk('a two-letter language code', (buf, s, e) => {
        if (e - s !== 2) return C.language;
        const a = buf[s] as number;
        const b = buf[s + 1] as number;
        return a >= 97 && a <= 122 && b >= 97 && b <= 122 ? OK : C.language;
      });
    case 'phone':
      return mk('10 digits', (buf, s, e) => {
        let digits = 0;
        for (let i = s; i < e; i++) {
          const c = buf[i] as number;
          if (c >= 48 && c <= 57) digits++;
          else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46 && c !== 43) return C.phone;
        }
        // 10 digits, or 11 with the country code 1.
        return digits === 10 || (digits === 11 && buf[s] === 49) || (digits === 11 && buf[s] === 43) ? OK : C.phone;
      });
    case 'email':
      return mk('an e-mail address', (buf, s, e) => {
        let at = -1;
        let dotAfterAt = false;
        for (let i = s; i < e; i++) {
          const c = buf[i] as number;
          if (c === 64) {
            if (at >= 0) return C.email;
            at = i;
          } else if (c === 46 && at >= 0 && i > at + 1 && i < e - 1) dotAfterAt = true;
          else if (c === 32 || c === 44 || c === 59) return C.email;
        }
        return at > s && dotAfterAt ? OK : C.email;
      });
    case 'utc-offset':
      return mk('±HH:MM', (buf, s, e, vals) => {
        if (e - s !== 6) return C.offset;
        const sign = buf[s];
        if ((sign !== 43 && sign !== 45) || buf[s + 3] !== 58) return C.offset;
        const h = d2(buf, s + 1);
        const m = d2(buf, s + 4);
        if (h < 0 || m < 0 || h > 14 || m > 59) return C.offset;
        vals[index] = (sign === 45 ? -1 : 1) * (h * 60 + m);
        return OK;
      }, { kind: 'utc-offset' });
    case 'datetime':
      return mk('yyyyMMdd HHmm', (buf, s, e, vals) => {
        if (e - s !== 13 || buf[s + 8] !== 32) return C.datetime;
        const d = parseDate(buf, s, s + 8);
        const t = parseTime(buf, s + 9, e);
        if (d < 0 || t < 0) return C.datetime;
        vals[index] = d * 1440 + t;
        return OK;
      });
    case 'timestamp':
      return mk('yyyyMMdd HHmmss', (buf, s, e, vals) => {
        if (e - s !== 15 || buf[s + 8] !== 32) return C.datetime;
        const d = parseDate(buf, s, s + 8);
        const t = parseTime(buf, s + 9, s + 13);
        const sec = d2(buf, s + 13);
        if (d < 0 || t < 0 || sec < 0 || sec > 59) return C.datetime;
        vals[index] = d * 1440 + t + sec / 60;
        return OK;
      });
    case 'iso-datetime':
      return mk('YYYY-MM-DD, optionally with T or a space, hh:mm[:ss] and Z or ±hh:mm', (buf, s, e, vals) => {
        const v = parseIsoDateTime(buf, s, e);
        if (Number.isNaN(v)) return C.datetime;
        vals[index] = v;
        return OK;
      });
    case 'currency': {
      const set = currencySet();
      return mk('an ISO 4217 currency code', (buf, s, e) => {
        if (e - s !== 3) return C.currency;
        return set.has((buf[s] as number) * 65536 + (buf[s + 1] as number) * 256 + (buf[s + 2] as number)) ? OK : C.currency;
      });
    }
    case 'country': {
      const set = countrySet();
      return mk('an ISO 3166-1 alpha-2 country code', (buf, s, e) => {
        if (e - s !== 2) return C.country;
        return set.has((buf[s] as number) * 256 + (buf[s + 1] as number)) ? OK : C.country;
      });
    }
    case 'locale': {
      const set = countrySet();
      return mk('language_COUNTRY, e.g. en_US', (buf, s, e) => {
        if (e - s !== 5 || buf[s + 2] !== 95) return C.locale;
        const a = buf[s] as number;
        const b = buf[s + 1] as number;
        if (a < 97 || a > 122 || b < 97 || b > 122) return C.locale;
        return set.has((buf[s + 3] as number) * 256 + (buf[s + 4] as number)) ? OK : C.locale;
      });
    }
    case 'identifier':
    case 'label': {
      // identifier: letters, digits, _ - . ; label: the same without digits.
      const allowed = spec.type === 'identifier' ? 7 : 5;
      const maxLength = spec.maxLength ?? Infinity;
      const what = spec.type === 'identifier' ? 'letters, digits, _, - and .' : 'letters, _, - and .';
      return mk(`${what}${Number.isFinite(maxLength) ? ` (at most ${maxLength})` : ''}`, (buf, s, e) => {
        for (let i = s; i < e; i++) if (((ID_CLASS[buf[i] as number] as number) & allowed) === 0) return C.identifier;
        return e - s > maxLength ? C.tooLong : OK;
      });
    }
    case 'string': {
      const maxLength = spec.maxLength;
      if (maxLength === undefined) return mk('text', () => OK);
      return mk(`at most ${maxLength} characters`, (buf, s, e) => {
        if (e - s <= maxLength) return OK;
        return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8').length > maxLength ? C.tooLong : OK;
      });
    }
  }
}

/**
 * YYYY-MM-DD, optionally followed by `T` or a space and hh:mm or hh:mm:ss, optionally followed by `Z` or an
 * offset ±hh:mm / ±hhmm. Returns minutes since the day-number epoch (UTC when an offset is given, local time
 * otherwise, start of day when there is no time), or NaN.
 */
export function parseIsoDateTime(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 10 || buf[s + 4] !== 45 || buf[s + 7] !== 45) return NaN;
  const cy = d2(buf, s);
  const yy = d2(buf, s + 2);
  const mo = d2(buf, s + 5);
  const d = d2(buf, s + 8);
  if (cy < 0 || yy < 0) return NaN;
  const y = cy * 100 + yy;
  if (mo < 1 || mo > 12 || d < 1 || y < 1800 || y > 2199) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31)) return NaN;
  let v = dayNumber(y, mo, d) * 1440;
  if (n === 10) return v;
  let i = s + 10;
  const sep = buf[i];
  if ((sep !== 84 && sep !== 32) || e - i < 6 || buf[i + 3] !== 58) return NaN;
  const h = d2(buf, i + 1);
  const mi = d2(buf, i + 4);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  v += h * 60 + mi;
  i += 6;
  if (i < e && buf[i] === 58) {
    const sec = e - i >= 3 ? d2(buf, i + 1) : -1;
    if (sec < 0 || sec > 59) return NaN;
    v += sec / 60;
    i += 3;
  }
  if (i === e) return v;
  const z = buf[i];
  if (z === 90) return i + 1 === e ? v : NaN;
  if (z !== 43 && z !== 45) return NaN;
  const rest = e - i;
  const oh = d2(buf, i + 1);
  const om = rest === 6 && buf[i + 3] === 58 ? d2(buf, i + 4) : rest === 5 ? d2(buf, i + 3) : -1;
  if (oh < 0 || oh > 14 || om < 0 || om > 59) return NaN;
  const off = oh * 60 + om;
  return z === 45 ? v + off : v - off;
}

function d2(buf: Uint8Array, i: number): number {
  const a = (buf[i] as number) - 48;
  const b = (buf[i + 1] as number) - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

function rangeText(min: number, max: number): string {
  if (Number.isFinite(min) && Number.isFinite(max)) return `from ${min} to ${max}`;
  if (Number.isFinite(min)) return `≥ ${min}`;
  if (Number.isFinite(max)) return `≤ ${max}`;
  return '';
}
