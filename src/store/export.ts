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

export interface ExportRequest {
  readonly utility: string;
  readonly standard: string;
  readonly outDir: string;
}

const PAGE = 20_000;

/** Returns the paths of the files written (none when nothing of that standard is loaded). */
export async function exportStandard(db: Db, req: ExportRequest): Promise<string[]> {
  const spec = findStandard(req.standard);
  if (!spec || (spec.id !== 'legacy-billing' && spec.id !== 'interval')) {
    throw new StoreError('EXPORT_STANDARD_UNSUPPORTED', `exporting ${req.standard} is not supported (legacy-billing, interval)`);
  }
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
 * A keyset-paged query: `$K1..$Kn` after the fixed parameters hold the last key of the previous page.
 * `keys` are the sort columns; the query returns them (k0..kn) and the line.
 */
interface PagedQuery {
  readonly from: string;
  readonly keys: readonly string[];
  readonly line: string;
}

function customerQuery(ft: FileTypeSpec): PagedQuery {
  const alias = (c: ColumnSpec): string => (c.entity === 'Customer' ? 'c' : c.entity === 'Account' ? 'a' : 'p');
  return {
    from: `account_service_points l
      JOIN accounts a ON a.utility = l.utility AND a.account_id = l.account_id
      JOIN customers c ON c.utility = a.utility AND c.customer_id = a.customer_id
      JOIN service_points p ON p.utility = l.utility AND p.service_point_id = l.service_point_id
      WHERE l.utility = $1`,
    keys: ['l.account_id', 'l.service_point_id'],
    line: line(ft.columns.map((c) => (c.entity === 'Account' && c.name === 'account_id') ? 'l.account_id'
      : (c.entity === 'ServicePoint' && c.name === 'service_point_id') ? 'l.service_point_id' : field(c, alias(c)))),
  };
}

function usageQuery(ft: FileTypeSpec): PagedQuery {
  return { from: 'usage_reads r WHERE r.utility = $1', keys: ['r.service_point_id', 'r.date_to', 'r.duration'], line: line(ft.columns.map((c) => field(c, 'r'))) };
}

function intervalQuery(ft: FileTypeSpec): PagedQuery {
  return {
    from: 'interval_reads i WHERE i.utility = $1 AND i.interval_minutes = $2',
    keys: ['i.service_point_id', 'i.service_quantity_identifier', 'i.read_date', 'i.read_time', 'i.utc_offset'],
    line: line(ft.columns.map((c) => field(c, 'i'))),
  };
}

async function* pages(db: Db, q: PagedQuery, params: readonly unknown[]): AsyncGenerator<string> {
  let after: unknown[] | undefined;
  const keyCols = q.keys.map((k, i) => `${k}::text AS k${i}`).join(', ');
  // Ordered exactly as the primary key (utility first), so each page is an index range scan.
  const lead = q.keys[0]!.split('.')[0]!;
  for (;;) {
    // The utility leads the row comparison so the scan starts at the page boundary in the primary key.
    const cond = after
      ? ` AND (${lead}.utility, ${q.keys.join(', ')}) > ($1, ${q.keys.map((_, i) => `$${params.length + i + 1}`).join(', ')})`
      : '';
    const r = await db.query<Record<string, unknown> & { line: string }>(
      `SELECT ${keyCols}, ${q.line} FROM ${q.from}${cond} ORDER BY ${lead}.utility, ${q.keys.join(', ')} LIMIT ${PAGE}`,
      [...params, ...(after ?? [])],
    );
    if (r.rows.length === 0) return;
    yield r.rows.map((row) => row.line).join('\n') + '\n';
    const lastRow = r.rows[r.rows.length - 1]!;
    after = q.keys.map((_, i) => lastRow[`k${i}`]);
    if (r.rows.length < PAGE) return;
  }
}

async function writeFile(file: string, ft: FileTypeSpec, body: AsyncIterable<string>): Promise<void> {
  const header = ft.columns.map((c) => c.name).join('\t') + '\n';
  async function* all(): AsyncGenerator<Buffer> {
    yield Buffer.from(header);
    for await (const s of body) yield Buffer.from(s);
  }
  await pipeline(all(), createGzip(), createWriteStream(file));
}
