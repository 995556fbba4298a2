/**
 * Writes what the store holds for one utility and standard back out as spec-conforming files (legacy billing:
 * the two-file layout): header, tab-separated, gzip, named by the convention with the latest loaded stamp,
 * sorted by the standard's keys. Rows are read page by page, so memory does not grow with the store.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Db } from './db.js';
import { StoreError } from './errors.js';
import { dbColumn, sqlType } from './tables.js';
import { buildFileName, findStandard, type ColumnSpec, type FileTypeSpec, type StandardSpec } from '../spec/index.js';
import { csvField } from '../read/csv-fields.js';

export interface ExportRequest {
  readonly utility: string;
  readonly standard: string;
  readonly outDir: string;
}

const PAGE = 20_000;

/** Returns the paths of the files written (none when nothing of that standard is loaded). */
export async function exportStandard(db: Db, req: ExportRequest): Promise<string[]> {
  const spec = findStandard(req.standard);
  if (!spec) throw new StoreError('EXPORT_STANDARD_UNSUPPORTED', `there is no standard "${req.standard}" to export`);
  const latest = await db.query<{ stamp: string; files: { population?: string }[] }>(
    `SELECT stamp, files FROM loads WHERE utility = $1 AND standard = $2 AND status = 'loaded' ORDER BY stamp DESC, load_no DESC LIMIT 1`,
    [req.utility, spec.id],
  );
  const last = latest.rows[0];
  if (!last) return [];
  const population = last.files.find((f) => f.population)?.population ?? 'res';
  const name = (typeToken: string): string =>
    buildFileName({ utility: req.utility, population, version: spec.version, typeToken, stamp: last.stamp, extension: 'gz' });
  await mkdir(req.outDir, { recursive: true });
  const written: string[] = [];
  if (spec.id !== 'legacy-billing' && spec.id !== 'interval') {
    // The other standards (records.ts): every file type that holds rows, in key order.
    for (const ft of spec.fileTypes) {
      const csv = ft.delimiter === ',';
      const typeToken = ft.namePattern ? `${ft.nameToken}_t1` : ft.nameToken;
      const file = path.join(req.outDir, buildFileName({
        utility: req.utility, version: spec.version, typeToken, stamp: last.stamp, extension: csv ? 'csv.gz' : 'gz',
        ...(spec.fileName.hasPopulation ? { population } : {}),
      }));
      const has = await db.query('SELECT 1 FROM records WHERE utility = $1 AND standard = $2 AND file_type = $3 LIMIT 1', [req.utility, spec.id, ft.id]);
      if (has.rows.length === 0) continue;
      await writeFile(file, ft, recordPages(db, req.utility, spec.id, ft.id, csv), csv ? ',' : '\t');
      written.push(file);
    }
    return written;
  }
  if (spec.id === 'legacy-billing') {
    const customer = fileType(spec, 'customer');
    const usage = fileType(spec, 'usage');
    const out1 = path.join(req.outDir, name('customer'));
    await writeFile(out1, customer, pages(db, customerQuery(customer), [req.utility]));
    written.push(out1);
    const out2 = path.join(req.outDir, name('usage'));
    await writeFile(out2, usage, pages(db, usageQuery(usage), [req.utility]));
    written.push(out2);
  } else {
    const ft = fileType(spec, 'interval');
    const lengths = await db.query<{ m: number }>(
      'SELECT DISTINCT interval_minutes AS m FROM interval_reads WHERE utility = $1 ORDER BY 1', [req.utility]);
    for (const { m } of lengths.rows) {
      const out = path.join(req.outDir, name(`interval${m}`));
      await writeFile(out, ft, pages(db, intervalQuery(ft), [req.utility, m]));
      written.push(out);
    }
  }
  return written;
}

function fileType(spec: StandardSpec, id: string): FileTypeSpec {
  const ft = spec.fileTypes.find((f) => f.id === id);
  if (!ft) throw new Error(`${spec.id} has no file type ${id}`);
  return ft;
}

/** The text of one column as the file carries it (empty for NULL). */
function field(c: ColumnSpec, alias: string): string {
  const x = `${alias}.${dbColumn(c.name)}`;
  switch (sqlType(c)) {
    case 'date': return `coalesce(to_char(${x}, 'YYYYMMDD'), '')`;
    case 'integer': case 'numeric': return `coalesce(${x}::text, '')`;
    case 'text': return `coalesce(${x}, '')`;
  }
}

const line = (cols: string[]): string => `concat_ws(E'\\t', ${cols.join(', ')}) AS line`;

/**
 * A keyset-paged query: each page takes the next PAGE rows of the driving table in primary-key order (an index
 * range scan whatever the statistics say), then joins what the line needs.
 */
interface PagedQuery {
  /** Driving table and its alias, e.g. `usage_reads r`. */
  readonly table: string;
  readonly alias: string;
  /** Extra filter on the driving table (after utility = $1). */
  readonly where?: string;
  readonly joins?: string;
  /** Sort columns of the driving table after utility: its primary key order. */
  readonly keys: readonly string[];
  readonly line: string;
}

function customerQuery(ft: FileTypeSpec): PagedQuery {
  const alias = (c: ColumnSpec): string => (c.entity === 'Customer' ? 'c' : c.entity === 'Account' ? 'a' : 'p');
  return {
    table: 'account_service_points', alias: 'l',
    joins: `JOIN accounts a ON a.utility = l.utility AND a.account_id = l.account_id
      JOIN customers c ON c.utility = a.utility AND c.customer_id = a.customer_id
      JOIN service_points p ON p.utility = l.utility AND p.service_point_id = l.service_point_id`,
    keys: ['account_id', 'service_point_id'],
    line: line(ft.columns.map((c) => (c.entity === 'Account' && c.name === 'account_id') ? 'l.account_id'
      : (c.entity === 'ServicePoint' && c.name === 'service_point_id') ? 'l.service_point_id' : field(c, alias(c)))),
  };
}

function usageQuery(ft: FileTypeSpec): PagedQuery {
  return { table: 'usage_reads', alias: 'r', keys: ['service_point_id', 'date_to', 'duration'], line: line(ft.columns.map((c) => field(c, 'r'))) };
}

function intervalQuery(ft: FileTypeSpec): PagedQuery {
  return {
    table: 'interval_reads', alias: 'i', where: 'interval_minutes = $2',
    keys: ['service_point_id', 'service_quantity_identifier', 'read_date', 'read_time', 'utc_offset'],
    line: line(ft.columns.map((c) => field(c, 'i'))),
  };
}

async function* pages(db: Db, q: PagedQuery, params: readonly unknown[]): AsyncGenerator<string> {
  let after: unknown[] | undefined;
  const a = q.alias;
  const keys = q.keys.map((k) => `${a}.${k}`).join(', ');
  const keyCols = q.keys.map((k, i) => `${a}.${k}::text AS k${i}`).join(', ');
  for (;;) {
    // The utility leads the row comparison so the scan starts at the page boundary in the primary key.
    const cond = after ? ` AND (${a}.utility, ${keys}) > ($1, ${q.keys.map((_, i) => `$${params.length + i + 1}`).join(', ')})` : '';
    const r = await db.query<Record<string, unknown> & { line: string }>(
      `SELECT ${keyCols}, ${q.line}
         FROM (SELECT * FROM ${q.table} ${a} WHERE ${a}.utility = $1${q.where ? ` AND ${a}.${q.where}` : ''}${cond}
                ORDER BY ${a}.utility, ${keys} LIMIT ${PAGE}) ${a}
         ${q.joins ?? ''}
        ORDER BY ${keys}`,
      [...params, ...(after ?? [])],
    );
    if (r.rows.length === 0) return;
    yield r.rows.map((row) => row.line).join('\n') + '\n';
    const lastRow = r.rows[r.rows.length - 1]!;
    after = q.keys.map((_, i) => lastRow[`k${i}`]);
    if (r.rows.length < PAGE) return;
  }
}

/** The stored rows of one file type of the other standards, page by page in key order. */
async function* recordPages(db: Db, utility: string, standard: string, fileType: string, csv: boolean): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const r = await db.query<{ key: string; fields: string[] | string }>(
      `SELECT key, fields FROM records WHERE utility = $1 AND standard = $2 AND file_type = $3 AND key > $4 ORDER BY key LIMIT ${PAGE}`,
      [utility, standard, fileType, after],
    );
    if (r.rows.length === 0) return;
    yield r.rows.map((row) => {
      const fields = typeof row.fields === 'string' ? (JSON.parse(row.fields) as string[]) : row.fields;
      return csv ? fields.map(csvField).join(',') : fields.join('\t');
    }).join('\n') + '\n';
    after = r.rows[r.rows.length - 1]!.key;
    if (r.rows.length < PAGE) return;
  }
}

async function writeFile(file: string, ft: FileTypeSpec, body: AsyncIterable<string>, delimiter = '\t'): Promise<void> {
  const header = ft.columns.map((c) => c.name).join(delimiter) + '\n';
  async function* all(): AsyncGenerator<Buffer> {
    yield Buffer.from(header);
    for await (const s of body) yield Buffer.from(s);
  }
  await pipeline(all(), createGzip(), createWriteStream(file));
}
