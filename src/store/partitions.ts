/**
 * Month partitions of interval_reads on PostgreSQL, created on demand before a load merges into them.
 * They are created on their own connection and committed at once: an empty partition is harmless, and the
 * load's long transaction must not hold the lock on the parent table that creating a partition takes.
 */
import type { Db } from './db.js';

const PARTITION_LOCK = 73_617_003;

/** `months` are yyyyMM strings. */
export async function ensureIntervalPartitions(db: Db, months: readonly string[]): Promise<void> {
  if (db.kind !== 'postgres' || months.length === 0) return;
  const have = new Set((await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'interval_reads' AND p.relnamespace = current_schema()::regnamespace`,
  )).rows.map((r) => r.name));
  const missing = months.filter((m) => /^\d{6}$/.test(m) && !have.has(partitionName(m))).sort();
  if (missing.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    for (const m of missing) {
      const y = Number(m.slice(0, 4));
      const mo = Number(m.slice(4, 6));
      const from = `${y}-${String(mo).padStart(2, '0')}-01`;
      const to = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
      await tx.exec(`CREATE TABLE IF NOT EXISTS ${partitionName(m)} PARTITION OF interval_reads FOR VALUES FROM ('${from}') TO ('${to}')`);
    }
  });
}

function partitionName(yyyymm: string): string {
  return `interval_reads_y${yyyymm.slice(0, 4)}m${yyyymm.slice(4, 6)}`;
}
