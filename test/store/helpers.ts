/** Store test helpers: one fresh store per backend (PGlite always, PostgreSQL when TEST_DATABASE_URL is set). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { migrate, openDb, type Db } from '../../src/store/index.js';
import { INTERVAL, LEGACY_BILLING, type FileTypeSpec } from '../../src/spec/index.js';

export type Backend = 'pglite' | 'postgres';

export const BACKENDS: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestStore {
  readonly db: Db;
  /** A URL or data dir another process can open (postgres: same schema). */
  readonly url?: string;
  close(): Promise<void>;
}

let counter = 0;

/** A migrated, empty store. On PostgreSQL a schema of its own, dropped on close. */
export async function openTestStore(backend: Backend, dataDir = 'memory://'): Promise<TestStore> {
  if (backend === 'pglite') {
    const db = await openDb({ dataDir });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const schema = `t_store_${process.pid}_${Date.now()}_${counter++}`;
  const admin = await openDb({ databaseUrl: base });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const db = await openDb({ databaseUrl: url });
  await migrate(db);
  return {
    db, url,
    async close() {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'intake-store-'));
}

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

export function fileType(id: 'customer' | 'usage' | 'full' | 'interval'): FileTypeSpec {
  const spec = id === 'interval' ? INTERVAL : LEGACY_BILLING;
  return spec.fileTypes.find((f) => f.id === id)!;
}

/** Writes a gzipped TSV with the file type's header; rows are objects by column name (missing = empty). */
export async function writeDeliveryFile(dir: string, name: string, ft: FileTypeSpec, rows: readonly Record<string, string>[]): Promise<{ path: string; name: string }> {
  const cols = ft.columns.map((c) => c.name);
  const text = [cols.join('\t'), ...rows.map((r) => cols.map((c) => r[c] ?? '').join('\t'))].join('\n') + '\n';
  const p = path.join(dir, name);
  await writeFile(p, gzipSync(text));
  return { path: p, name };
}

/** Rows of a gzipped TSV (header dropped) as arrays of fields. */
export async function readTsv(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const lines = gunzipSync(await readFile(file)).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [head = '', ...rest] = lines;
  return { header: head.split('\t'), rows: rest.map((l) => l.split('\t')) };
}

/** A customer-file row with sensible defaults (a residential customer). */
export function customerRow(o: Partial<Record<string, string>> & { customer_id: string; account_id: string; service_point_id: string }): Record<string, string> {
  return {
    premise_id: `P${o.customer_id}`, mail_address_line_1: '1 Main St', mail_city: 'Richmond', mail_state: 'VA', mail_zip_code: '23220',
    customer_type: 'RESIDENTIAL', first_name: 'Ann', last_name: 'Lee', active_date: '20230101', service_house_number: '1',
    service_street_name: 'Main St', service_city: 'Richmond', service_state: 'VA', service_zip_code: '23220', meter_unit: 'KWH',
    ...Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

export function usageRow(sp: string, dateTo: string, duration: string, value: string, extra: Record<string, string> = {}): Record<string, string> {
  return { service_point_id: sp, usage_value: value, date_to: dateTo, duration, is_estimate: 'A', ...extra };
}

/** Exports and returns every exported file's rows keyed by file type token. */
export function byType(files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [/_(customer|usage|interval\d+)_/.exec(path.basename(f))?.[1] ?? f, f]));
}
