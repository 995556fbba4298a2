/**
 * Compiles a file type's columns, with the utility profile applied, into an array of small readers. The hot
 * loop only indexes this array: enum sets, bounds and parsers are prepared here, once per file.
 */
import { US_STATES } from '../spec/common.js';
import type { UtilityProfile } from '../spec/profile.js';
import type { ColumnSpec, FileTypeSpec } from '../spec/types.js';
import { bytesEqual, decimalInfo, NUM_COMMA, NUM_EXPONENT, parseDate, parseDecimal, parseTime } from './bytes.js';
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
}

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
  return fileType.columns.map((spec, index) => compileColumn(spec, index, profile, standardId));
}

function compileColumn(spec: ColumnSpec, index: number, profile: UtilityProfile, standardId: string): ColumnReader {
  const base = { name: spec.name, index, spec, required: isRequired(spec, profile), pii: spec.pii === true };
  const mk = (expected: string, read: ColumnReader['read']): ColumnReader => ({ ...base, expected, read });
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
      });
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
      });
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
      });
    }
    case 'enum': {
      const values = allowedValues(spec, profile);
      const lits = values.map((v) => Buffer.from(v, 'utf8'));
      const expected = `one of ${values.join(', ')}`;
      return mk(expected, (buf, s, e, vals) => {
        for (let i = 0; i < lits.length; i++) {
          if (bytesEqual(buf, s, e, lits[i] as Buffer)) {
            vals[index] = i;
            return OK;
          }
        }
        return C.badEnum;
      });
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
      });
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
