/**
 * Loading and exporting the standards that have no tables of their own (everything but legacy billing and
 * interval): each row is stored under its file type's key (the spec's keyColumns) with its fields in the spec's
 * column order; a later row of the same key replaces the stored one (last wins, within a load and across
 * loads). The replaced rows are kept in records_prev under the load that replaced them, so unload.ts can put
 * them back. All of it runs inside the load's transaction (load.ts).
 */
import { readLines } from '../read/index.js';
import { type FileTypeSpec, type StandardSpec } from '../spec/index.js';
import type { Tx } from './db.js';
import type { MergeCounts } from './merge.js';

export const RECORDS = 'records';

/** Rows per INSERT: 6 parameters each, well under PostgreSQL's 65,535. */
const BATCH = 2000;
const KEY_SEPARATOR = '\u001f';

export interface RecordFile {
  readonly path: string;
  readonly fileNo: number;
  readonly ft: FileTypeSpec;
  /** Rows read, set by loadRecords. */
  rows: number;
}

/** Stores the rows of `files` (in order) for `loadNo`; adds the records table's counts to `tables`. */
export async function loadRecords(tx: Tx, loadNo: number, utility: string, spec: StandardSpec, files: readonly RecordFile[], tables: Record<string, MergeCounts>): Promise<void> {
  const counts: MergeCounts = tables[RECORDS] ?? { written: 0, replaced: 0 };
  for (const f of files) {
    const csv = f.ft.delimiter === ',';
    let positions: number[] | null = null;
    const keyIdx = f.ft.keyColumns.map((k) => f.ft.columns.findIndex((c) => c.name === k)).filter((i) => i >= 0);
    let batch = new Map<string, { fields: string[]; line: number }>();
    const flush = async (): Promise<void> => {
      if (batch.size === 0) return;
      const keys = [...batch.keys()];
      // Before-images of the stored rows this batch replaces, once per load (a row this load wrote is not kept).
      const prev = await tx.query(
        `INSERT INTO records_prev SELECT $1, r.* FROM records r
          WHERE r.utility = $2 AND r.standard = $3 AND r.file_type = $4 AND r.key = ANY($5::text[]) AND r.load_no <> $1`,
        [loadNo, utility, spec.id, f.ft.id, keys],
      );
      counts.replaced += prev.rowCount;
      const params: unknown[] = [];
      const values: string[] = [];
      for (const [key, r] of batch) {
        const b = params.length;
        params.push(key, JSON.stringify(r.fields), r.line);
        values.push(`($${b + 1}::text, $${b + 2}::jsonb, $${b + 3}::int)`);
      }
      await tx.query(
        `INSERT INTO records (utility, standard, file_type, key, fields, load_no, file_no, line)
         SELECT $${params.length + 1}::text, $${params.length + 2}::text, $${params.length + 3}::text, v.k, v.f, $${params.length + 4}::int, $${params.length + 5}::int, v.l
           FROM (VALUES ${values.join(', ')}) AS v(k, f, l)
         ON CONFLICT (utility, standard, file_type, key) DO UPDATE
           SET fields = EXCLUDED.fields, load_no = EXCLUDED.load_no, file_no = EXCLUDED.file_no, line = EXCLUDED.line`,
        [...params, utility, spec.id, f.ft.id, loadNo, f.fileNo],
      );
      counts.written += batch.size;
      batch = new Map();
    };
    for await (const row of readLines(f.path, { csv })) {
      const fields = row.fields;
      if (row.line === 1) {
        const header = fields.map((h) => h.trim());
        positions = f.ft.columns.map((c) => header.indexOf(c.name));
        continue;
      }
      if (!positions || (fields.length === 1 && fields[0] === '')) continue;
      const ordered = positions.map((p) => (p >= 0 ? (fields[p] ?? '') : ''));
      const key = keyIdx.length > 0 ? keyIdx.map((i) => ordered[i] ?? '').join(KEY_SEPARATOR) : ordered.join(KEY_SEPARATOR);
      // Within a batch the later row of a key wins (one INSERT may not touch a row twice).
      batch.delete(key);
      batch.set(key, { fields: ordered, line: row.line });
      f.rows++;
      if (batch.size >= BATCH) await flush();
    }
    await flush();
  }
  tables[RECORDS] = counts;
}
