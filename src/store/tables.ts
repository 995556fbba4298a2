/**
 * How the standards' columns map onto the store: staging tables per file type, the production tables with
 * their keys and value columns, and the SQL types that keep values as sent.
 */
import type { ColumnSpec, FileTypeSpec } from '../spec/index.js';
import { ACCOUNT_BLOCK, CUSTOMER_BLOCK, SERVICE_POINT_BLOCK } from '../spec/legacy-billing.js';

export type SqlType = 'text' | 'date' | 'integer' | 'numeric';

/** The column name in the store: `date`/`time` are SQL words, and names are lower case. */
export function dbColumn(specName: string): string {
  if (specName === 'date') return 'read_date';
  if (specName === 'time') return 'read_time';
  return specName.toLowerCase();
}

export function sqlType(c: ColumnSpec): SqlType {
  switch (c.type) {
    case 'date': return 'date';
    case 'integer': return 'integer';
    case 'decimal': return 'numeric';
    // The types of the other standards (not loaded yet) keep their text as sent, like these.
    case 'string': case 'time': case 'enum': case 'zip': case 'email': case 'phone': case 'state': case 'language': case 'utc-offset':
    case 'datetime': case 'timestamp': case 'iso-datetime': case 'currency': case 'country': case 'locale': case 'identifier': case 'label':
      return 'text';
  }
}

/** Columns whose text form matters beyond their value (1.5 and 1.50 are different data to send back). */
export const NUMERIC_COLUMNS = new Set(['usage_value', 'usage_charge', 'bldg_sq_foot', 'duration', 'interval_minutes']);

/** A production table merged by key: last record wins; a changed row keeps a before-image in `<table>_prev`. */
export interface TableDef {
  readonly table: string;
  readonly key: readonly string[];
  readonly values: readonly string[];
}

const names = (cols: readonly ColumnSpec[]): string[] => cols.map((c) => dbColumn(c.name));
const without = (list: readonly string[], drop: string): string[] => list.filter((x) => x !== drop);

export const CUSTOMERS: TableDef = { table: 'customers', key: ['customer_id'], values: without(names(CUSTOMER_BLOCK), 'customer_id') };
export const PREMISES: TableDef = { table: 'premises', key: ['premise_id'], values: ['customer_id'] };
export const ACCOUNTS: TableDef = { table: 'accounts', key: ['account_id'], values: ['customer_id', ...without(names(ACCOUNT_BLOCK), 'account_id')] };
export const SERVICE_POINTS: TableDef = { table: 'service_points', key: ['service_point_id'], values: ['premise_id', ...without(names(SERVICE_POINT_BLOCK), 'service_point_id')] };
export const ACCOUNT_SERVICE_POINTS: TableDef = { table: 'account_service_points', key: ['account_id', 'service_point_id'], values: [] };
export const USAGE_READS: TableDef = { table: 'usage_reads', key: ['service_point_id', 'date_to', 'duration'], values: ['usage_value', 'is_estimate', 'usage_charge'] };
export const INTERVAL_READS: TableDef = {
  table: 'interval_reads',
  key: ['service_point_id', 'service_quantity_identifier', 'read_date', 'read_time', 'utc_offset'],
  values: ['interval_minutes', 'usage_value', 'units', 'is_estimate', 'service_type'],
};

/** Entity tables of legacy billing, parents before children. */
export const ENTITY_TABLES: readonly TableDef[] = [CUSTOMERS, PREMISES, ACCOUNTS, SERVICE_POINTS, ACCOUNT_SERVICE_POINTS];
/** Every table a load writes (undo walks them all). */
export const ALL_TABLES: readonly TableDef[] = [...ENTITY_TABLES, USAGE_READS, INTERVAL_READS];

/** Interval key columns that hold '' rather than NULL (a key column cannot be NULL). */
export const EMPTY_AS_BLANK = new Set(['service_quantity_identifier', 'utc_offset']);

/** DDL of the staging table of one file type: line number, file number, then the file's columns, typed. */
export function stagingDdl(name: string, ft: FileTypeSpec): string {
  const cols = ft.columns.map((c) => `${dbColumn(c.name)} ${sqlType(c) === 'text' ? 'text COLLATE "C"' : sqlType(c)}`);
  const extra = ft.id === 'interval' ? ', interval_minutes smallint NOT NULL DEFAULT 0' : '';
  return `CREATE UNLOGGED TABLE ${name} (file_no smallint NOT NULL DEFAULT 0, line int NOT NULL${extra}, ${cols.join(', ')})`;
}

/** COPY statement into a staging table (the file's columns in file order, after the line number). */
export function stagingCopySql(name: string, ft: FileTypeSpec): string {
  return `COPY ${name} (line, ${ft.columns.map((c) => dbColumn(c.name)).join(', ')}) FROM STDIN WITH (FORMAT text, NULL '')`;
}
