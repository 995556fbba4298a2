/**
 * A durable job queue in the store's own database: a `jobs` table claimed with `FOR UPDATE SKIP LOCKED`, polled.
 * It runs unchanged on embedded PGlite (one connection, no LISTEN/NOTIFY to other processes) and on PostgreSQL
 * shared by several worker processes. A claimed job holds a lease that its worker renews; a job whose worker
 * died is claimed again once the lease runs out (at once on PGlite, which only one process can open). Jobs with
 * the same lock key run one at a time, in the order they were queued.
 */
import { hostname } from 'node:os';
import type { Db } from '../store/db.js';
import type { JobQueue } from '../workflow/ports.js';

export interface Job {
  readonly id: number;
  readonly name: string;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly maxAttempts: number;
}

const CLAIM_LOCK = 73_617_002; // serialises claims, so the lock-key check and the claim are one step

/** The producer side: enqueues by name, never imports a handler. */
export function dbJobQueue(db: Db, onEnqueue: () => void = () => undefined): JobQueue {
  return {
    // A second enqueue with the same dedupe key is dropped: one validation, one load per delivery.
    async enqueue(name, payload, opts = {}) {
      await (opts.tx ?? db).query(
        'INSERT INTO jobs (name, payload, lock_key, order_key, dedupe_key, max_attempts) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING',
        [name, JSON.stringify(payload), opts.lockKey ?? null, opts.orderKey ?? '', opts.dedupeKey ?? null, opts.maxAttempts ?? 5],
      );
      onEnqueue();
    },
  };
}

/** Claims the next job that may run now, or nothing. */
export async function claimJob(db: Db, names: readonly string[], workerId: string, leaseSeconds: number): Promise<Job | undefined> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
    const r = await tx.query<{ id: string; name: string; payload: unknown; attempts: number; max_attempts: number }>(
      `SELECT j.id, j.name, j.payload, j.attempts, j.max_attempts FROM jobs j
        WHERE j.name = ANY($1::text[])
          AND ((j.status = 'queued' AND j.run_at <= now()) OR (j.status = 'running' AND j.locked_until < now()))
          AND (j.lock_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM jobs e WHERE e.lock_key = j.lock_key AND (e.order_key, e.id) < (j.order_key, j.id)
                   AND (e.status = 'queued' OR (e.status = 'running' AND e.locked_until >= now()))))
          AND (j.lock_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM jobs e WHERE e.lock_key = j.lock_key AND e.id <> j.id AND e.status = 'running' AND e.locked_until >= now()))
        ORDER BY j.run_at, j.order_key, j.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [names],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    await tx.query(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $2,
         locked_until = now() + make_interval(secs => $3), updated_at = now() WHERE id = $1`,
      [row.id, workerId, leaseSeconds],
    );
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    return { id: Number(row.id), name: row.name, payload: payload as Record<string, unknown>, attempts: row.attempts + 1, maxAttempts: row.max_attempts };
  });
}

export async function renewLease(db: Db, id: number, workerId: string, leaseSeconds: number): Promise<void> {
  await db.query(`UPDATE jobs SET locked_until = now() + make_interval(secs => $3) WHERE id = $1 AND locked_by = $2 AND status = 'running'`, [id, workerId, leaseSeconds]);
}

export async function completeJob(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, updated_at = now() WHERE id = $1`, [id]);
}

/** Puts a failed job back with a growing delay, or marks it failed when its attempts are spent. */
export async function failJob(db: Db, job: Job, error: string): Promise<'retry' | 'failed'> {
  const final = job.attempts >= job.maxAttempts;
  await db.query(
    `UPDATE jobs SET status = $2, last_error = $3, locked_by = NULL, locked_until = NULL,
       run_at = now() + make_interval(secs => $4), updated_at = now() WHERE id = $1`,
    [job.id, final ? 'failed' : 'queued', error.slice(0, 4000), Math.min(2 ** job.attempts, 300)],
  );
  return final ? 'failed' : 'retry';
}

/**
 * On the embedded store only one process holds the database, so a job still `running` at start-up belonged to a
 * process that died: it is queued again at once instead of waiting for its lease.
 */
export async function requeueOrphans(db: Db): Promise<number> {
  const r = await db.query(`UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL, run_at = now() WHERE status = 'running'`);
  return r.rowCount;
}

export const defaultWorkerId = (): string => `${hostname()}:${process.pid}`;
