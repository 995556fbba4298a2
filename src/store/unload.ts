/**
 * Undoes a load: deletes the rows it wrote and puts back the rows it replaced or deleted (its before-images),
 * in one transaction. Refuses (UNLOAD_DEPENDENT) when a later live load builds on what this one wrote.
 */
import type { Db, Tx } from './db.js';
import { StoreError } from './errors.js';
import { ALL_TABLES } from './tables.js';

export interface UnloadResult {
  readonly deliveryId: string;
  readonly loadNo: number;
  /** Per table: rows removed (written by the load) and rows restored (its before-images). */
  readonly tables: Readonly<Record<string, { removed: number; restored: number }>>;
}

const FEED_LOCK = 73_617_002;

export async function unloadDelivery(db: Db, deliveryId: string): Promise<UnloadResult> {
  const found = await db.query<{ load_no: number; utility: string; standard: string; status: string }>(
    `SELECT load_no, utility, standard, status FROM loads WHERE delivery_id = $1 ORDER BY (status = 'undone'), load_no DESC LIMIT 1`, [deliveryId],
  );
  const load = found.rows[0];
  if (!load) throw new StoreError('UNLOAD_UNKNOWN', `no load of delivery ${deliveryId}`);
  if (load.status !== 'loaded') {
    throw new StoreError('UNLOAD_NOT_LOADED', `delivery ${deliveryId} is not loaded (its load is ${load.status})`, { status: load.status });
  }
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '|' || $2))", [FEED_LOCK, `${load.utility}|${load.standard}`]);
    const again = await tx.query<{ status: string }>('SELECT status FROM loads WHERE load_no = $1 FOR UPDATE', [load.load_no]);
    if (again.rows[0]?.status !== 'loaded') throw new StoreError('UNLOAD_NOT_LOADED', `delivery ${deliveryId} is not loaded`);
    const dependents = await findDependents(tx, load.load_no, load.utility);
    if (dependents.length > 0) {
      throw new StoreError('UNLOAD_DEPENDENT', `delivery ${deliveryId} cannot be undone: later loads build on it (${dependents.join(', ')}); undo those first`, { dependents });
    }
    const tables: Record<string, { removed: number; restored: number }> = {};
    // Children first, so that no moment has a read without its service point (there are no foreign keys,
    // but the order keeps the reasoning simple).
    for (const def of [...ALL_TABLES].reverse()) {
      const removed = await tx.query(`DELETE FROM ${def.table} WHERE utility = $1 AND load_no = $2`, [load.utility, load.load_no]);
      // A before-image the load took of a row it had written itself (an account it deleted) is not restored.
      const cols = ['utility', ...def.key, ...def.values, 'load_no', 'file_no', 'line'].join(', ');
      const restored = await tx.query(
        `WITH back AS (DELETE FROM ${def.table}_prev WHERE undo_load = $1 RETURNING *)
         INSERT INTO ${def.table} (${cols}) SELECT ${cols} FROM back WHERE load_no <> $1`,
        [load.load_no],
      );
      if (removed.rowCount + restored.rowCount > 0) tables[def.table] = { removed: removed.rowCount, restored: restored.rowCount };
    }
    // The other standards' records (records.ts), the same way.
    const removed = await tx.query('DELETE FROM records WHERE utility = $1 AND load_no = $2', [load.utility, load.load_no]);
    const restored = await tx.query(
      `WITH back AS (DELETE FROM records_prev WHERE undo_load = $1 RETURNING *)
       INSERT INTO records (utility, standard, file_type, key, fields, load_no, file_no, line)
       SELECT utility, standard, file_type, key, fields, load_no, file_no, line FROM back WHERE load_no <> $1`,
      [load.load_no],
    );
    if (removed.rowCount + restored.rowCount > 0) tables.records = { removed: removed.rowCount, restored: restored.rowCount };
    await tx.query(`UPDATE loads SET status = 'undone', undone_at = now() WHERE load_no = $1`, [load.load_no]);
    return { deliveryId, loadNo: load.load_no, tables };
  });
}

/**
 * Later live loads that depend on `loadNo`: they replaced rows it wrote, or wrote rows that hang on an entity
 * it created (reads of a service point it introduced, links to its accounts, accounts of its customers).
 */
async function findDependents(tx: Tx, loadNo: number, utility: string): Promise<string[]> {
  const parts = [...ALL_TABLES.map((def) => def.table), 'records'].map((t) => `SELECT undo_load AS l FROM ${t}_prev WHERE load_no = $1 AND undo_load <> $1`);
  // Entities this load created: written by it with no before-image of their own under it.
  const created = (table: string, key: string): string =>
    `SELECT e.${key} FROM ${table} e WHERE e.utility = $2 AND e.load_no = $1
       AND NOT EXISTS (SELECT 1 FROM ${table}_prev p WHERE p.undo_load = $1 AND p.utility = e.utility AND p.${key} = e.${key})`;
  parts.push(
    `SELECT load_no FROM usage_reads WHERE utility = $2 AND load_no <> $1 AND service_point_id IN (${created('service_points', 'service_point_id')})`,
    `SELECT load_no FROM interval_reads WHERE utility = $2 AND load_no <> $1 AND service_point_id IN (${created('service_points', 'service_point_id')})`,
    `SELECT load_no FROM account_service_points WHERE utility = $2 AND load_no <> $1 AND service_point_id IN (${created('service_points', 'service_point_id')})`,
    `SELECT load_no FROM account_service_points WHERE utility = $2 AND load_no <> $1 AND account_id IN (${created('accounts', 'account_id')})`,
    `SELECT load_no FROM accounts WHERE utility = $2 AND load_no <> $1 AND customer_id IN (${created('customers', 'customer_id')})`,
  );
  const r = await tx.query<{ delivery_id: string }>(
    `SELECT DISTINCT l.delivery_id, l.load_no FROM loads l
      WHERE l.status = 'loaded' AND l.load_no <> $1 AND l.load_no IN (${parts.join(' UNION ')})
      ORDER BY l.load_no`,
    [loadNo, utility],
  );
  return r.rows.map((x) => x.delivery_id);
}
