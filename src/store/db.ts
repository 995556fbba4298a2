/**
 * The store's connection: embedded PGlite under DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
 * One SQL dialect (PostgreSQL) for both; everything above this module sees only the `Db` port.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface QueryResult<T> {
  readonly rows: T[];
  readonly rowCount: number;
}

/** What a transaction and the connection both offer. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements separated by semicolons (no parameters). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of it commits, or none of it. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The raw driver, for the loader's COPY (pg Pool or PGlite instance). */
  readonly raw: { kind: 'pglite'; db: PGlite } | { kind: 'postgres'; pool: pg.Pool };
}

export interface Tx extends Queryable {
  readonly raw: { kind: 'pglite'; tx: Transaction } | { kind: 'postgres'; client: pg.PoolClient };
  /**
   * Streams COPY text into a table: `sql` is `COPY t (...) FROM STDIN ...`. Each chunk of `source` must hold
   * whole lines: on PGlite every chunk becomes one `COPY ... FROM '/dev/blob'`, so memory stays one chunk.
   * Returns the number of rows copied.
   */
  copyFrom(sql: string, source: AsyncIterable<Buffer>): Promise<number>;
}

export interface DbOptions {
  /** A postgres:// URL; when absent, embedded PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** Folder of the embedded store (PGlite files live in DATA_DIR/pglite); `memory://` for an in-memory one. */
  readonly dataDir?: string | undefined;
}

/** Opens the store named by the options (or by DATABASE_URL / DATA_DIR). Does not run migrations. */
export async function openDb(opts: DbOptions = {}): Promise<Db> {
  const url = opts.databaseUrl;
  if (url) return openPostgres(url);
  return openPglite(opts.dataDir ?? './data');
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  let db: PGlite;
  if (dataDir === 'memory://') {
    db = await PGlite.create();
  } else {
    const dir = path.resolve(dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    db = await PGlite.create(dir);
  }
  // PGlite is one connection: transactions must not interleave with other queries, so they are serialised.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const top = wrap(db);
  return {
    kind: 'pglite',
    raw: { kind: 'pglite', db },
    query: (sql, params) => serial(() => top.query(sql, params)),
    exec: (sql) => serial(() => top.exec(sql)),
    transaction: (fn) =>
      serial(() =>
        db.transaction(async (tx) =>
          fn({
            ...wrap(tx),
            raw: { kind: 'pglite', tx },
            async copyFrom(sql, source) {
              const blobSql = sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
              let rows = 0;
              for await (const chunk of source) {
                if (chunk.length === 0) continue;
                const r = await tx.query(blobSql, [], { blob: new Blob([chunk as Uint8Array<ArrayBuffer>]) });
                rows += r.affectedRows ?? 0;
              }
              return rows;
            },
          }),
        ),
      ),
    close: () => serial(() => db.close()),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pgmod } = await import('pg');
  // Keep DATE columns as text: a date is a calendar day, not an instant.
  pgmod.types.setTypeParser(1082, (v: string) => v);
  const pool = new pgmod.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // an idle client's error must not crash the process
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    kind: 'postgres',
    raw: { kind: 'postgres', pool },
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          ...wrap(client),
          raw: { kind: 'postgres', client },
          async copyFrom(sql, source) {
            const { from } = await import('pg-copy-streams');
            const sink = client.query(from(sql));
            await pipeline(Readable.from(source), sink);
            return sink.rowCount;
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
