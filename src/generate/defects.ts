/**
 * Defect injection. A damaged row carries exactly one defect, detectable at its own line by a validator that
 * follows spec/DECISIONS.md, and never makes another row invalid (no defect touches an id or date that other
 * rows depend on). Decisions come from their own random stream, so the clean rows of a damaged delivery are
 * byte-identical to the same delivery generated without defects.
 */
import { Rng, hash32, textHash } from './prng.js';

/** Every kind of defect the generator can inject. */
export const DEFECT_KINDS = [
  // file level
  'renamed-column',
  // row shape and encoding
  'short-row', 'long-row', 'invalid-utf8',
  // fields
  'bad-date', 'bad-time', 'bad-number', 'number-comma', 'number-exponent', 'unknown-enum', 'unknown-unit',
  'empty-required', 'conditional-required', 'bad-zip', 'bad-state', 'bad-email', 'bad-phone', 'bad-language',
  'negative-usage', 'bad-duration', 'not-integer', 'too-many-decimals', 'out-of-range', 'dates-order',
  'off-grid-time', 'bad-offset', 'offset-mismatch',
  // entities (relations between rows)
  'out-of-order-read', 'overlapping-read', 'unknown-service-point', 'out-of-order-interval',
  'nonexistent-time', 'ambiguous-time',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

/** One injected defect as the manifest lists it: `line` counts decompressed lines, the header is line 1. */
export interface Defect {
  readonly file: string;
  readonly line: number;
  readonly column: string;
  readonly kind: DefectKind;
}

/** Marks the byte 0xFF inside a field; the writer turns it into the raw (invalid UTF-8) byte. */
export const INVALID_BYTE_MARK = '\uFFFF';

/** Field-level kinds and the columns each may damage, per kind of file. */
export type FieldDefectTable = readonly { readonly kind: DefectKind; readonly columns: readonly string[] }[];

export const CUSTOMER_FIELD_DEFECTS: FieldDefectTable = [
  { kind: 'bad-zip', columns: ['mail_zip_code', 'service_zip_code'] },
  { kind: 'bad-state', columns: ['mail_state', 'service_state'] },
  { kind: 'bad-email', columns: ['email'] },
  { kind: 'bad-phone', columns: ['phone'] },
  { kind: 'bad-language', columns: ['language'] },
  { kind: 'unknown-enum', columns: ['meter_type', 'meter_unit'] },
  { kind: 'empty-required', columns: ['mail_address_line_1', 'mail_city', 'service_house_number', 'service_city', 'meter_unit'] },
  { kind: 'conditional-required', columns: ['business_name', 'first_name'] },
  { kind: 'bad-date', columns: ['inactive_date'] },
  { kind: 'out-of-range', columns: ['bldg_sq_foot'] },
  { kind: 'invalid-utf8', columns: ['mail_city'] },
];

export const USAGE_FIELD_DEFECTS: FieldDefectTable = [
  { kind: 'bad-date', columns: ['date_to'] },
  { kind: 'bad-number', columns: ['usage_value'] },
  { kind: 'number-comma', columns: ['usage_value'] },
  { kind: 'number-exponent', columns: ['usage_value'] },
  { kind: 'unknown-enum', columns: ['is_estimate'] },
  { kind: 'empty-required', columns: ['usage_value', 'date_to', 'duration', 'is_estimate'] },
  { kind: 'negative-usage', columns: ['usage_value'] },
  { kind: 'bad-duration', columns: ['duration'] },
  { kind: 'not-integer', columns: ['duration'] },
  { kind: 'too-many-decimals', columns: ['usage_charge'] },
];

export const INTERVAL_FIELD_DEFECTS: FieldDefectTable = [
  { kind: 'bad-date', columns: ['date'] },
  { kind: 'bad-time', columns: ['time'] },
  { kind: 'off-grid-time', columns: ['time'] },
  { kind: 'bad-number', columns: ['usage_value'] },
  { kind: 'number-comma', columns: ['usage_value'] },
  { kind: 'negative-usage', columns: ['usage_value'] },
  { kind: 'empty-required', columns: ['usage_value', 'units', 'is_estimate'] },
  { kind: 'unknown-unit', columns: ['units'] },
  // service_type is the column the file-level defect renames, so no row defect relies on it.
  { kind: 'unknown-enum', columns: ['is_estimate', 'service_quantity_identifier'] },
  { kind: 'bad-offset', columns: ['UTC_offset'] },
  { kind: 'offset-mismatch', columns: ['UTC_offset'] },
  { kind: 'invalid-utf8', columns: ['units'] },
];

const ENUM_BAD: Readonly<Record<string, readonly string[]>> = {
  is_estimate: ['X', 'Y', 'EST', 'Actual'],
  meter_type: ['SMART', 'DIGITAL', 'ANALOG'],
  meter_unit: ['KW', 'MWH', 'LITERS'],
  service_type: ['STEAM', 'SOLAR', 'ELEC'],
  service_quantity_identifier: ['NET', 'RECEIVED', 'GEN'],
};

/** Per-file decisions: whether to damage the next row and how; its own seeded stream. */
export class DefectPlanner {
  private readonly rng: Rng;

  constructor(readonly rate: number, seed: number, fileSalt: string) {
    this.rng = new Rng(hash32(seed, textHash(fileSalt), 0xdefec7));
  }

  /** Whether to damage the next row (one draw per row, whatever the outcome, so decisions stay aligned). */
  roll(): boolean {
    return this.rate > 0 && this.rng.next() < this.rate;
  }

  next(): number {
    return this.rng.next();
  }

  pick<T>(list: readonly T[]): T {
    return this.rng.pick(list);
  }
}

/** Column positions of a header, by name. */
export function columnIndex(columns: readonly string[]): ReadonlyMap<string, number> {
  return new Map(columns.map((c, i) => [c, i]));
}

const parseCompact = (s: string): number | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000 : undefined;
};

const compactOfDay = (day: number): string => new Date(day * 86400000).toISOString().slice(0, 10).replaceAll('-', '');

/**
 * Damages one field of `fields` with `kind`, choosing among the table's columns that this row has and that
 * the kind can damage here. Returns the column damaged, or undefined when the kind does not apply to the row.
 */
export function damageField(kind: DefectKind, table: FieldDefectTable, fields: string[], cols: ReadonlyMap<string, number>, planner: DefectPlanner): string | undefined {
  const entry = table.find((e) => e.kind === kind);
  if (!entry) return undefined;
  const candidates = entry.columns.filter((c) => cols.has(c) && applies(kind, c, fields, cols));
  if (candidates.length === 0) return undefined;
  const column = planner.pick(candidates);
  const i = cols.get(column) as number;
  const value = fields[i] ?? '';
  fields[i] = damagedValue(kind, column, value, fields, cols, planner);
  return column;
}

function applies(kind: DefectKind, column: string, fields: readonly string[], cols: ReadonlyMap<string, number>): boolean {
  const get = (c: string): string => fields[cols.get(c) ?? -1] ?? '';
  if (kind === 'conditional-required') {
    return column === 'business_name' ? get('customer_type') === 'BUSINESS' && get('business_name') !== '' : get('customer_type') === 'RESIDENTIAL' && get('first_name') !== '';
  }
  if (kind === 'dates-order') return parseCompact(get('active_date')) !== undefined;
  if (kind === 'offset-mismatch') return /^[+-]\d\d:\d\d$/.test(get(column));
  // Kinds that transform a value need one to transform.
  const needsValue: readonly DefectKind[] = ['too-many-decimals', 'empty-required', 'number-comma', 'number-exponent', 'negative-usage'];
  return !needsValue.includes(kind) || get(column) !== '';
}

export function damagedValue(kind: DefectKind, column: string, value: string, fields: readonly string[], cols: ReadonlyMap<string, number>, p: DefectPlanner): string {
  switch (kind) {
    case 'bad-date': return p.pick(['20241301', '20230230', '2024-01-15', '1/15/2024', '20241232']);
    case 'bad-time': return `${value.slice(0, 2) || '12'}:${value.slice(2) || '00'}`;
    case 'bad-number': return p.pick(['12.3.4', 'abc', '12a', '--5', '1 200']);
    case 'number-comma': return `1,${value.startsWith('-') ? value.slice(1) : value}`;
    case 'number-exponent': return `${(Number(value) / 1000).toFixed(4)}E3`;
    case 'unknown-enum': return p.pick(ENUM_BAD[column] ?? ['UNKNOWN']);
    case 'unknown-unit': return p.pick(['KWHX', 'MWH', 'LITRES', 'kwh ']);
    case 'empty-required': return '';
    case 'conditional-required': return '';
    case 'bad-zip': return p.pick(['1234', '2203', 'ABCDE', '22030-12', '220301']);
    case 'bad-state': return p.pick(['VAX', 'V', 'Virginia', '12']);
    case 'bad-email': return p.pick(['jane.doe.example.com', 'jane@', '@example.com', 'jane doe@example.com']);
    case 'bad-phone': return p.pick(['555-0123', '12345', '(703) 555-012', '703-555-01234']);
    case 'bad-language': return p.pick(['eng', 'E', 'english', '1']);
    case 'negative-usage': return `-${Number(value) > 0 ? value : '0.5'}`; // never "-0", which is not negative
    case 'bad-duration': return p.pick(['0', '999']);
    case 'not-integer': return `${value}.5`;
    case 'too-many-decimals': return value.includes('.') ? `${value}${'0'.repeat(Math.max(0, 2 - value.split('.')[1]!.length))}7` : `${value}.125`;
    case 'out-of-range': return p.pick(['0', '250000', '-5']);
    case 'dates-order': {
      const active = parseCompact(fields[cols.get('active_date') ?? -1] ?? '') ?? 0;
      return compactOfDay(active - 31);
    }
    case 'off-grid-time': {
      const minutes = Number(value.slice(0, 2)) * 60 + Number(value.slice(2)) + 2;
      return `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
    }
    case 'bad-offset': return p.pick(['-5:00', '-0500', 'EST', 'UTC-5']);
    case 'offset-mismatch': {
      // One hour off the offset in force: a valid-looking offset that contradicts the time zone.
      const sign = value.startsWith('-') ? -1 : 1;
      const total = sign * (Number(value.slice(1, 3)) * 60 + Number(value.slice(4, 6))) - 60;
      const a = Math.abs(total);
      return `${total < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    }
    case 'invalid-utf8': return `${value.slice(0, 3)}${INVALID_BYTE_MARK}${value.slice(3)}`;
    case 'renamed-column':
    case 'short-row':
    case 'long-row':
    case 'out-of-order-read':
    case 'overlapping-read':
    case 'unknown-service-point':
    case 'out-of-order-interval':
    case 'nonexistent-time':
    case 'ambiguous-time':
      return value;
  }
}

/** Drops the last field (short row) or adds one (long row); returns the column named in the manifest. */
export function damageShape(kind: 'short-row' | 'long-row', fields: string[], header: readonly string[]): string {
  if (kind === 'short-row') {
    fields.pop();
    return header[header.length - 1] ?? '';
  }
  fields.push('EXTRA');
  return header[header.length - 1] ?? '';
}

/** Encodes a row; a row holding the invalid-byte mark becomes raw bytes with 0xFF in its place. */
export function encodeRow(fields: readonly string[], delimiter = '\t'): { text: string } | { bytes: Buffer } {
  const text = fields.join(delimiter);
  if (!text.includes(INVALID_BYTE_MARK)) return { text };
  const parts = text.split(INVALID_BYTE_MARK);
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i > 0) chunks.push(Buffer.from([0xff]));
    chunks.push(Buffer.from(part, 'utf8'));
  });
  return { bytes: Buffer.concat(chunks) };
}

/** A header with one column renamed (a file-level defect reported at line 1). */
export function renameColumn(header: readonly string[], column: string): string[] {
  return header.map((c) => (c === column ? `${c.slice(0, -2)}${c.slice(-1)}` : c));
}
