/**
 * Month partitions of interval_reads on PostgreSQL, created on demand before a load merges into them.
 * They are created on their own connection and committed at once: an empty partition is harmless, and the
 * load's long transaction must not hold the lock on the parent table that creating a partition takes.
 */
import type { Db, Queryable } from './db.js';

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

/** The partition of a legacy billing table that holds one utility's rows. */
export function utilityPartition(table: string, utility: string): string {
  if (/^[a-z0-9_]{1,30}$/.test(utility)) return `${table}_u_${utility}`;
  let h = 0x811c9dc5; // FNV-1a: a stable, SQL-safe name for any other code
  for (let i = 0; i < utility.length; i++) h = Math.imul(h ^ utility.charCodeAt(i), 0x01000193) >>> 0;
  return `${table}_h_${h.toString(16)}`;
}

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export async function hasUtilityPartition(tx: Queryable, table: string, utility: string): Promise<boolean> {
  const r = await tx.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [utilityPartition(table, utility)]);
  return r.rows[0]?.ok === true;
}

/**
 * Creates the utility's partition of `table`, lets `fill` write rows into it while it has no index, then builds
 * the primary key (by sort) and attaches it. The CHECK constraint makes ATTACH skip its validation scan.
 * Attaching takes a SHARE UPDATE EXCLUSIVE lock on the parent: reads and other loads go on meanwhile.
 */
export async function createUtilityPartition(
  tx: Queryable, table: string, key: readonly string[], utility: string, fill?: (partition: string) => Promise<void>,
): Promise<void> {
  const name = utilityPartition(table, utility);
  await tx.exec(`CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS, CONSTRAINT ${name}_utility CHECK (utility = ${literal(utility)}))`);
  if (fill) await fill(name);
  await tx.exec(`ALTER TABLE ${name} ADD PRIMARY KEY (utility, ${key.join(', ')})`);
  await tx.exec(`ALTER TABLE ${table} ATTACH PARTITION ${name} FOR VALUES IN (${literal(utility)})`);
}
