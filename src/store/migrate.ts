/**
 * Versioned migrations, run at start. Each migration is a SQL file in migrations/ named NNNN_name.sql and runs
 * once, in one transaction, in name order. Several processes starting at once are serialised by an advisory lock.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/** migrations/ sits beside this module in src/ and is copied next to the build output. */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/store/migrations');

const LOCK_KEY = 73_617_001; // any fixed number; names Intake's migration lock

export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = await readFile(path.join(dir, f), 'utf8');
      const isPg = db.kind === 'postgres';
      // Lines marked `-- postgres-only` run on PostgreSQL alone (e.g. partitioning PGlite does not need).
      await tx.exec(isPg ? sql : sql.split('\n').filter((l) => !l.includes('-- postgres-only')).join('\n'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}
