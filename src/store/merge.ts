/**
 * The set-based merge of staged rows into a production table, inside the load's transaction:
 * rows whose values differ from the stored row with the same key keep a before-image and are replaced;
 * new keys are inserted; identical rows are left alone (so loading the same data again changes nothing).
 */
import type { Tx } from './db.js';
import { NUMERIC_COLUMNS, type TableDef } from './tables.js';

export interface MergeCounts {
  /** Rows written (new keys and replaced rows). */
  written: number;
  /** Stored rows replaced or deleted (their before-images). */
  replaced: number;
}

const cmp = (alias: string, c: string): string => (NUMERIC_COLUMNS.has(c) ? `${alias}.${c}::text` : `${alias}.${c}`);
const keyJoin = (def: TableDef, t: string, s: string): string => def.key.map((k) => `${t}.${k} = ${s}.${k}`).join(' AND ');

/**
 * Merges `source` (a table or parenthesised SELECT with the key and value columns, file_no and line, unique
 * by key) into `def.table` for one utility. `targetEmpty` skips the comparisons for a first load.
 */
export async function mergeRows(tx: Tx, def: TableDef, source: string, loadNo: number, utility: string, targetEmpty: boolean): Promise<MergeCounts> {
  const cols = [...def.key, ...def.values];
  let replaced = 0;
  let existsFilter = '';
  if (!targetEmpty) {
    const differs = `(${def.values.map((c) => cmp('t', c)).join(', ')}) IS DISTINCT FROM (${def.values.map((c) => cmp('s', c)).join(', ')})`;
    if (def.values.length > 0) {
      const r = await tx.query(
        `WITH gone AS (
           DELETE FROM ${def.table} t USING ${source} s
            WHERE t.utility = $1 AND ${keyJoin(def, 't', 's')} AND ${differs}
           RETURNING t.*)
         INSERT INTO ${def.table}_prev SELECT $2::int, gone.* FROM gone`,
        [utility, loadNo],
      );
      replaced = r.rowCount;
    }
    existsFilter = ` WHERE NOT EXISTS (SELECT 1 FROM ${def.table} t WHERE t.utility = $1 AND ${keyJoin(def, 't', 's')})`;
  }
  const ins = await tx.query(
    `INSERT INTO ${def.table} (utility, ${cols.join(', ')}, load_no, file_no, line)
     SELECT $1, ${cols.map((c) => `s.${c}`).join(', ')}, $2::int, s.file_no, s.line FROM ${source} s${existsFilter}`,
    [utility, loadNo],
  );
  return { written: ins.rowCount, replaced };
}

/** Whether the utility has any row in `table` (a first load skips the comparisons). */
export async function isEmptyFor(tx: Tx, table: string, utility: string): Promise<boolean> {
  const r = await tx.query(`SELECT 1 FROM ${table} WHERE utility = $1 LIMIT 1`, [utility]);
  return r.rows.length === 0;
}

/**
 * Billed reads (legacy-billing §6). Within the delivery, a read covered by a later row of the same service
 * point (same period: exact correction; longer period that contains it: overlapping overwrite) is dropped.
 * Against the store, every stored read covered by a staged read with other values is replaced or deleted,
 * keeping its before-image. `irregular` lists the service points whose staged reads do not simply run forward.
 */
export async function mergeUsage(tx: Tx, stage: string, loadNo: number, utility: string, irregular: readonly string[]): Promise<MergeCounts & { deleted: number }> {
  if (irregular.length > 0) {
    await tx.query(
      `DELETE FROM ${stage} x USING ${stage} y
        WHERE x.service_point_id = ANY($1::text[]) AND y.service_point_id = x.service_point_id
          AND (y.file_no, y.line) > (x.file_no, x.line)
          AND y.date_to - y.duration <= x.date_to - x.duration AND y.date_to >= x.date_to`,
      [irregular],
    );
  }
  const empty = await isEmptyFor(tx, 'usage_reads', utility);
  let deleted = 0;
  let replaced = 0;
  if (!empty) {
    // Stored reads a staged read covers: the same period with other values, or a shorter period inside it.
    const r = await tx.query(
      `WITH hit AS (
         SELECT r.service_point_id, r.date_to, r.duration FROM ${stage} s JOIN usage_reads r
           ON r.utility = $1 AND r.service_point_id = s.service_point_id AND r.date_to = s.date_to AND r.duration = s.duration
          WHERE (r.usage_value::text, r.is_estimate, r.usage_charge::text) IS DISTINCT FROM (s.usage_value::text, s.is_estimate, s.usage_charge::text)
         UNION
         SELECT r.service_point_id, r.date_to, r.duration FROM ${stage} s JOIN usage_reads r
           ON r.utility = $1 AND r.service_point_id = s.service_point_id
          AND r.date_to >= s.date_to - s.duration + 1 AND r.date_to <= s.date_to
          AND r.date_to - r.duration >= s.date_to - s.duration
          AND (r.date_to <> s.date_to OR r.duration <> s.duration)),
       gone AS (
         DELETE FROM usage_reads t USING hit h
          WHERE t.utility = $1 AND t.service_point_id = h.service_point_id AND t.date_to = h.date_to AND t.duration = h.duration
         RETURNING t.*)
       INSERT INTO usage_reads_prev SELECT $2::int, gone.* FROM gone`,
      [utility, loadNo],
    );
    replaced = r.rowCount;
  }
  const ins = await tx.query(
    `INSERT INTO usage_reads (utility, service_point_id, date_to, duration, usage_value, is_estimate, usage_charge, load_no, file_no, line)
     SELECT $1, s.service_point_id, s.date_to, s.duration, s.usage_value, s.is_estimate, s.usage_charge, $2::int, s.file_no, s.line
       FROM ${stage} s
     ${empty ? '' : `WHERE NOT EXISTS (SELECT 1 FROM usage_reads t WHERE t.utility = $1 AND t.service_point_id = s.service_point_id AND t.date_to = s.date_to AND t.duration = s.duration)`}`,
    [utility, loadNo],
  );
  // A replaced read whose key comes back is an update; the rest were deleted by an overlapping overwrite.
  if (replaced > 0) {
    const d = await tx.query<{ n: string }>(
      `SELECT count(*) AS n FROM usage_reads_prev p WHERE p.undo_load = $1
        AND NOT EXISTS (SELECT 1 FROM usage_reads t WHERE t.utility = p.utility AND t.service_point_id = p.service_point_id AND t.date_to = p.date_to AND t.duration = p.duration)`,
      [loadNo],
    );
    deleted = Number(d.rows[0]?.n ?? 0);
  }
  return { written: ins.rowCount, replaced, deleted };
}

/** Interval reads: within the delivery the later row of a channel and interval wins; then a keyed merge. */
export async function dedupeIntervals(tx: Tx, stage: string, irregular: readonly string[]): Promise<void> {
  if (irregular.length === 0) return;
  await tx.query(
    `DELETE FROM ${stage} x USING ${stage} y
      WHERE x.service_point_id = ANY($1::text[]) AND y.service_point_id = x.service_point_id
        AND coalesce(y.service_quantity_identifier, '') = coalesce(x.service_quantity_identifier, '')
        AND y.read_date = x.read_date AND y.read_time = x.read_time AND coalesce(y.utc_offset, '') = coalesce(x.utc_offset, '')
        AND (y.file_no, y.line) > (x.file_no, x.line)`,
    [irregular],
  );
}
