/** Test helpers for the workflow tier: a migrated store per dialect, and port doubles with real behaviour. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { Report, ReportIssue } from '../../src/report/types.js';
import { openDb, type Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import type { Loader, Validator } from '../../src/workflow/ports.js';
import { createApp, type AppOptions } from '../../src/app/app.js';
import { engineValidator, storeLoader } from '../../src/app/engine.js';

/** The dialects every store-backed suite runs over: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, migrated store: in-memory PGlite, or a schema of its own on PostgreSQL. */
export async function freshDb(dialect: 'pglite' | 'postgres'): Promise<Db> {
  if (dialect === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return db;
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openDb({ databaseUrl: u.toString() });
  await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    close: async () => {
      await close();
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  });
}

const shared = new Map<string, Promise<Db>>();
// Registered while the importing test file is collected: closes (and on PostgreSQL drops) the shared stores.
afterAll(async () => {
  for (const p of shared.values()) await (await p).close();
  shared.clear();
});

/**
 * One migrated store per dialect for a whole test file, emptied for each caller: starting PGlite costs seconds on
 * a busy machine, emptying its tables costs milliseconds. Closed when the test process ends.
 */
export async function sharedDb(dialect: 'pglite' | 'postgres'): Promise<Db> {
  let p = shared.get(dialect);
  if (!p) {
    p = freshDb(dialect);
    shared.set(dialect, p);
  }
  const db = await p;
  // Every table but the migration log: the workflow's and the store's alike.
  const r = await db.query<{ t: string | null }>(`SELECT string_agg(quote_ident(tablename), ', ') AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`);
  if (r.rows[0]?.t) await db.exec(`TRUNCATE ${r.rows[0].t} RESTART IDENTITY CASCADE`);
  return db;
}

export async function tempDir(prefix = 'intake-flow-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Writes a plain TSV file and returns its path. */
export async function tsv(dir: string, name: string, header: string[], rows: string[][]): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, [header, ...rows].map((r) => r.join('\t')).join('\n') + '\n');
  return p;
}

/**
 * A small validator double with real behaviour: every field that reads `BAD` is an error on that column (and
 * `NULL` a warning), keyed
 * by the row's first field; the stamp comes from the file name. Enough to drive rounds and diffs.
 */
export function tsvValidator(calls: string[][] = []): Validator {
  return {
    async validate(paths, req) {
      calls.push(paths);
      const issues: ReportIssue[] = [];
      const files = [];
      let rows = 0;
      for (const p of paths) {
        const name = req.displayNames[p] ?? path.basename(p);
        const lines = (await readFile(p, 'utf8')).split('\n').filter(Boolean);
        const header = (lines[0] ?? '').split('\t');
        const byColumn = new Map<string, { line: number; key: string }[]>();
        lines.slice(1).forEach((l, i) => {
          const fields = l.split('\t');
          fields.forEach((f, c) => {
            if (f !== 'BAD' && f !== 'NULL') return;
            const col = `${f}:${header[c] ?? `#${c}`}`;
            byColumn.set(col, [...(byColumn.get(col) ?? []), { line: i + 2, key: fields[0] ?? '' }]);
          });
        });
        for (const [tagged, ex] of byColumn) {
          const [tag, column = ''] = tagged.split(':');
          const code = tag === 'BAD' ? 'FIELD_BAD_DATE' : 'FIELD_NULL_TOKEN';
          issues.push({
            code, severity: tag === 'BAD' ? 'error' : 'warning', file: name, fileType: 'usage', column, count: ex.length,
            message: 'bad', hint: 'fix', specRef: 'test', fingerprint: `${code}|usage|${column}`,
            examples: ex.map((e) => ({ line: e.line, value: tag ?? '', key: e.key })),
          });
        }
        rows += lines.length - 1;
        const stamp = /_(\d{14})\./.exec(name)?.[1];
        // As the engine does: a file stamped before the feed's last processed file is a warning.
        const last = req.context.lastProcessedStamp;
        if (stamp && last && stamp < last) {
          issues.push({ code: 'PHASE_STAMP_ORDER', severity: 'warning', file: name, count: 1, message: 'early', hint: '', specRef: 'test', fingerprint: 'PHASE_STAMP_ORDER||', examples: [] });
        }
        files.push({ name, rows: lines.length - 1, bytes: 0, uncompressedBytes: 0, compression: 'none' as const, errors: 0, warnings: 0, ...(stamp ? { stamp } : {}) });
      }
      const count = (sev: string) => issues.filter((i) => i.severity === sev).reduce((n, i) => n + i.count, 0);
      const errors = count('error');
      const report: Report = {
        tool: 'intake', version: '0.1.0', generatedAt: new Date().toISOString(), standard: req.standard, phase: req.phase, asOf: req.asOf,
        summary: { files: paths.length, rows, errors, warnings: count('warning'), infos: 0, passed: errors === 0 },
        files, issues, profile: {}, truncated: [], elapsedMs: 1,
      };
      return report;
    },
  };
}

/** A loader double: remembers what it loaded; loading the same delivery twice changes nothing. */
export function memoryLoader(): Loader & { loaded: string[]; loads: number } {
  const state = { loaded: [] as string[], loads: 0 };
  return Object.assign(state, {
    async load(input: { deliveryId: string }) {
      state.loads++;
      if (!state.loaded.includes(input.deliveryId)) state.loaded.push(input.deliveryId);
    },
    async context() {
      return {};
    },
  });
}

export const HEADER = ['service_point_id', 'usage_value', 'date_to', 'duration', 'is_estimate'];
export const usageName = (stamp: string): string => `opwr_demo_res_1-19-0_usage_${stamp}.txt`;

/** A workflow app on a fresh store, with the validator and loader doubles and a temp DATA_DIR. */
export async function flowApp(dialect: 'pglite' | 'postgres', extra: Partial<AppOptions> & { real?: boolean } = {}) {
  const db = await sharedDb(dialect);
  const dataDir = await tempDir();
  const loader = memoryLoader();
  const calls: string[][] = [];
  const { real, ...options } = extra;
  // `real`: the engine and the store's loader, as in production; otherwise the doubles above.
  const ports = real ? { validator: engineValidator(), loader: storeLoader(db) } : { validator: tsvValidator(calls), loader };
  const app = await createApp({ db, dataDir, ...ports, worker: { pollMs: 50, log: () => undefined }, ...options });
  return { app, loader, calls, dataDir, service: app.service };
}

/** Writes one usage delivery into a fresh folder; `rows` are [service point, value] pairs. */
export async function usageDelivery(dir: string, stamp: string, rows: string[][]): Promise<{ name: string; path: string }[]> {
  const folder = await mkdtemp(path.join(dir, 'in-'));
  const name = usageName(stamp);
  return [{ name, path: await tsv(folder, name, HEADER, rows) }];
}
