/**
 * Loads one approved delivery into the store: COPY each file into staging, then merge staging into the
 * production tables in the same transaction, so a load lands whole or not at all (SIGKILL included).
 * Loads of one feed (utility + standard) run one at a time and never out of file-stamp order.
 */
import type { Db, Tx } from './db.js';
import { StoreError } from './errors.js';
import { openDecompressed } from '../read/index.js';
import { toCopyText, type CopyTextStats } from './copy-text.js';
import { IntervalOrder, UsageOrder } from './read-order.js';
import { dedupeIntervals, isEmptyFor, mergeRows, mergeUsage, type MergeCounts } from './merge.js';
import { ensureIntervalPartitions } from './partitions.js';
import {
  ACCOUNT_SERVICE_POINTS, ACCOUNTS, ALL_TABLES, CUSTOMERS, INTERVAL_READS, PREMISES, SERVICE_POINTS, stagingCopySql, stagingDdl,
  type TableDef,
} from './tables.js';
import { findStandard, parseFileName, type FileTypeSpec, type StandardSpec, type UtilityProfile } from '../spec/index.js';

export interface LoadFile {
  /** Where the file is on disk. */
  readonly path: string;
  /** The delivery file name (it carries the file type and stamp). */
  readonly name: string;
}

export interface LoadRequest {
  /** The delivery id; loading the same id twice changes nothing. */
  readonly deliveryId: string;
  readonly utility: string;
  readonly standard: string;
  readonly files: readonly LoadFile[];
  /** The utility's profile (account deletion happens only when it allows deletion). */
  readonly profile?: UtilityProfile;
}

export interface LoadedFile {
  readonly name: string;
  readonly fileType: string;
  readonly stamp: string;
  readonly population?: string;
  readonly intervalMinutes?: number;
  rows: number;
}

export interface TableCounts extends MergeCounts {
  deleted?: number;
}

export interface LoadResult {
  readonly deliveryId: string;
  readonly loadNo: number;
  readonly utility: string;
  readonly standard: string;
  /** True when this delivery id was already loaded: nothing was done. */
  readonly alreadyLoaded: boolean;
  /** Data rows read from the files. */
  readonly rows: number;
  readonly files: readonly LoadedFile[];
  /** Per production table: rows written and stored rows replaced (and, for reads, deleted by an overwrite). */
  readonly tables: Readonly<Record<string, TableCounts>>;
  readonly elapsedMs: number;
}

const FILE_TYPE_ORDER: Record<string, number> = { customer: 0, full: 0, usage: 1, interval: 0 };
const FEED_LOCK = 73_617_002;

/** Loads a delivery whose files were validated without errors (the caller checks). */
export async function loadDelivery(db: Db, req: LoadRequest): Promise<LoadResult> {
  const t0 = Date.now();
  const spec = findStandard(req.standard);
  if (!spec || (spec.id !== 'legacy-billing' && spec.id !== 'interval')) {
    throw new StoreError('LOAD_STANDARD_UNSUPPORTED', `loading ${req.standard} is not supported (legacy-billing, interval)`);
  }
  const files = planFiles(spec, req);
  const stamp = files.reduce((m, f) => (f.file.stamp > m ? f.file.stamp : m), '');

  const existing = await db.query<{ load_no: number; status: string; rows_read: string; counts: Record<string, TableCounts>; files: LoadedFile[] }>(
    `SELECT load_no, status, rows_read, counts, files FROM loads WHERE delivery_id = $1 AND status <> 'undone'`, [req.deliveryId],
  );
  const prior = existing.rows[0];
  if (prior && prior.status === 'loaded') {
    return {
      deliveryId: req.deliveryId, loadNo: prior.load_no, utility: req.utility, standard: spec.id, alreadyLoaded: true,
      rows: Number(prior.rows_read), files: prior.files, tables: prior.counts, elapsedMs: Date.now() - t0,
    };
  }
  // The started row is committed on its own, so a crashed load is visible and a rerun picks it up.
  const loadNo = prior
    ? prior.load_no
    : (await db.query<{ load_no: number }>(
        `INSERT INTO loads (delivery_id, utility, standard, files, stamp, status) VALUES ($1, $2, $3, $4, $5, 'started') RETURNING load_no`,
        [req.deliveryId, req.utility, spec.id, JSON.stringify(files.map((f) => f.file)), stamp],
      )).rows[0]!.load_no;

  const tables: Record<string, TableCounts> = {};
  let rows = 0;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FEED_LOCK, `${req.utility}|${spec.id}`]);
    const later = await tx.query<{ delivery_id: string; stamp: string }>(
      `SELECT delivery_id, stamp FROM loads WHERE utility = $1 AND standard = $2 AND status = 'loaded' AND stamp > $3 ORDER BY stamp DESC LIMIT 1`,
      [req.utility, spec.id, stamp],
    );
    const newer = later.rows[0];
    if (newer) {
      throw new StoreError('LOAD_OUT_OF_ORDER', `delivery ${req.deliveryId} (stamp ${stamp}) is older than the loaded delivery ${newer.delivery_id} (stamp ${newer.stamp}); files of a feed load in stamp order`, { later: newer.delivery_id });
    }
    const state = await tx.query<{ status: string }>('SELECT status FROM loads WHERE load_no = $1 FOR UPDATE', [loadNo]);
    if (state.rows[0]?.status !== 'started') throw new StoreError('LOAD_OUT_OF_ORDER', `delivery ${req.deliveryId} was loaded by another process meanwhile`);

    const staged = await stageFiles(db, tx, loadNo, files);
    rows = files.reduce((n, f) => n + f.file.rows, 0);
    if (spec.id === 'legacy-billing') {
      await mergeLegacy(tx, loadNo, req, staged, tables);
    } else {
      await mergeInterval(db, tx, loadNo, req.utility, staged, tables);
    }
    for (const s of staged.values()) await tx.exec(`DROP TABLE ${s.table}`);
    // Fresh statistics after a big load keep the next merge's and the export's plans on the indexes.
    for (const def of ALL_TABLES) if ((tables[def.table]?.written ?? 0) > 50_000) await tx.exec(`ANALYZE ${def.table}`);
    await tx.query(
      `UPDATE loads SET status = 'loaded', finished_at = now(), rows_read = $2, counts = $3, files = $4 WHERE load_no = $1`,
      [loadNo, rows, JSON.stringify(tables), JSON.stringify(files.map((f) => f.file))],
    );
  });
  return {
    deliveryId: req.deliveryId, loadNo, utility: req.utility, standard: spec.id, alreadyLoaded: false, rows,
    files: files.map((f) => f.file), tables, elapsedMs: Date.now() - t0,
  };
}

interface PlannedFile {
  readonly path: string;
  readonly ft: FileTypeSpec;
  readonly file: LoadedFile;
}

/** Parses the file names, checks the layout, and orders the files: stamp, then customer before usage, then name. */
function planFiles(spec: StandardSpec, req: LoadRequest): PlannedFile[] {
  const planned = req.files.map((f): PlannedFile => {
    const { parsed } = parseFileName(f.name, spec);
    if (!parsed.fileType || !parsed.stamp) throw new StoreError('LOAD_FILE_NAME', `${f.name}: not a ${spec.id} file name (opwr_<utility>_<population>_<version>_<type>_<stamp>.<ext>)`, { file: f.name });
    if (parsed.utility && parsed.utility !== req.utility) {
      throw new StoreError('LOAD_UTILITY_MISMATCH', `${f.name}: the file belongs to utility "${parsed.utility}", not "${req.utility}"`, { file: f.name });
    }
    return {
      path: f.path,
      ft: parsed.fileType,
      file: {
        name: f.name, fileType: parsed.fileType.id, stamp: parsed.stamp, rows: 0,
        ...(parsed.population ? { population: parsed.population } : {}),
        ...(parsed.intervalMinutes !== undefined ? { intervalMinutes: parsed.intervalMinutes } : {}),
      },
    };
  });
  const types = new Set(planned.map((p) => p.ft.id));
  if (types.has('full') && (types.has('customer') || types.has('usage'))) {
    throw new StoreError('LOAD_LAYOUT', 'a legacy billing delivery is either full files or customer and usage files, not both');
  }
  if (planned.length === 0) throw new StoreError('LOAD_LAYOUT', 'a delivery needs at least one file');
  return planned.sort((a, b) =>
    a.file.stamp.localeCompare(b.file.stamp) || (FILE_TYPE_ORDER[a.ft.id] ?? 0) - (FILE_TYPE_ORDER[b.ft.id] ?? 0) || a.file.name.localeCompare(b.file.name));
}

interface Staged {
  readonly table: string;
  readonly ft: FileTypeSpec;
  readonly usage?: UsageOrder;
  readonly interval?: IntervalOrder;
}

/** COPYs every file into one staging table per file type (file_no set per file), tracking read order. */
async function stageFiles(db: Db, tx: Tx, loadNo: number, files: readonly PlannedFile[]): Promise<Map<string, Staged>> {
  const staged = new Map<string, Staged>();
  const chunkBytes = db.kind === 'pglite' ? 8 << 20 : 1 << 20;
  for (const [fileNo, f] of files.entries()) {
    let s = staged.get(f.ft.id);
    if (!s) {
      const table = `stage_${loadNo}_${f.ft.id}`;
      await tx.exec(`DROP TABLE IF EXISTS ${table}; ${stagingDdl(table, f.ft)}`);
      const idx = (n: string): number => f.ft.columns.findIndex((c) => c.name === n);
      s = {
        table, ft: f.ft,
        ...(f.ft.id === 'usage' || f.ft.id === 'full' ? { usage: new UsageOrder(idx('service_point_id'), idx('date_to'), idx('duration')) } : {}),
        ...(f.ft.id === 'interval' ? { interval: new IntervalOrder(idx('service_point_id'), idx('date'), idx('time'), idx('service_quantity_identifier')) } : {}),
      };
      staged.set(f.ft.id, s);
    }
    await tx.exec(`ALTER TABLE ${s.table} ALTER COLUMN file_no SET DEFAULT ${fileNo}`
      + (f.file.intervalMinutes !== undefined ? `, ALTER COLUMN interval_minutes SET DEFAULT ${f.file.intervalMinutes}` : ''));
    const stats: CopyTextStats = { rows: 0 };
    const onRow = s.usage?.row ?? s.interval?.row;
    let stream: AsyncIterable<Buffer>;
    try {
      stream = (await openDecompressed(f.path)).stream;
    } catch (err) {
      throw new StoreError('LOAD_FILE_UNREADABLE', `${f.file.name}: ${(err as Error).message}`, { file: f.file.name });
    }
    await tx.copyFrom(stagingCopySql(s.table, f.ft), toCopyText(stream, { chunkBytes, ...(onRow ? { onRow } : {}) }, stats));
    f.file.rows = stats.rows;
  }
  for (const s of staged.values()) await tx.exec(`ANALYZE ${s.table}`);
  return staged;
}

/** Entities by last record wins (the last row of an entity in the delivery), then the reads. */
async function mergeLegacy(tx: Tx, loadNo: number, req: LoadRequest, staged: Map<string, Staged>, out: Record<string, TableCounts>): Promise<void> {
  const entity = staged.get('customer') ?? staged.get('full');
  if (entity) {
    for (const def of [CUSTOMERS, PREMISES, ACCOUNTS, SERVICE_POINTS, ACCOUNT_SERVICE_POINTS]) {
      out[def.table] = await mergeLastRecord(tx, def, entity.table, loadNo, req.utility);
    }
    if (req.profile?.allowAccountDeletion) out.deletedAccounts = await deleteFlaggedAccounts(tx, loadNo, req.utility);
  }
  const usage = staged.get('usage') ?? staged.get('full');
  if (usage) {
    out.usage_reads = await mergeUsage(tx, usage.table, loadNo, req.utility, [...(usage.usage?.irregular ?? [])]);
  }
}

/** The last staged record of each entity (by file, then line) merged into its table. */
async function mergeLastRecord(tx: Tx, def: TableDef, stage: string, loadNo: number, utility: string): Promise<MergeCounts> {
  const src = `${stage}_${def.table}`;
  const cols = [...def.key, ...def.values];
  await tx.exec(
    `CREATE UNLOGGED TABLE ${src} AS SELECT DISTINCT ON (${def.key.join(', ')}) ${cols.join(', ')}, file_no, line
       FROM ${stage} ORDER BY ${def.key.join(', ')}, file_no DESC, line DESC`,
  );
  const counts = await mergeRows(tx, def, src, loadNo, utility, await isEmptyFor(tx, def.table, utility));
  await tx.exec(`DROP TABLE ${src}`);
  return counts;
}

/**
 * Accounts flagged with is_account_deletion (only when the profile allows deletion) are removed with their
 * service point links; their before-images keep them for undo.
 */
async function deleteFlaggedAccounts(tx: Tx, loadNo: number, utility: string): Promise<MergeCounts> {
  const links = await tx.query(
    `WITH gone AS (
       DELETE FROM account_service_points t USING accounts a
        WHERE a.utility = $1 AND a.load_no = $2 AND a.is_account_deletion IS NOT NULL AND t.utility = $1 AND t.account_id = a.account_id
       RETURNING t.*)
     INSERT INTO account_service_points_prev SELECT $2::int, gone.* FROM gone`, [utility, loadNo]);
  const accts = await tx.query(
    `WITH gone AS (
       DELETE FROM accounts a WHERE a.utility = $1 AND a.load_no = $2 AND a.is_account_deletion IS NOT NULL RETURNING a.*)
     INSERT INTO accounts_prev SELECT $2::int, gone.* FROM gone`, [utility, loadNo]);
  return { written: 0, replaced: links.rowCount + accts.rowCount };
}

async function mergeInterval(db: Db, tx: Tx, loadNo: number, utility: string, staged: Map<string, Staged>, out: Record<string, TableCounts>): Promise<void> {
  const s = staged.get('interval');
  if (!s?.interval) return;
  await dedupeIntervals(tx, s.table, [...s.interval.irregular]);
  if (db.kind === 'postgres') await ensureIntervalPartitions(db, [...s.interval.months]);
  const cols = INTERVAL_READS.key.concat(INTERVAL_READS.values).map((c) =>
    c === 'service_quantity_identifier' || c === 'utc_offset' ? `coalesce(${c}, '') AS ${c}` : c);
  const source = `(SELECT ${cols.join(', ')}, file_no, line FROM ${s.table})`;
  out.interval_reads = await mergeRows(tx, INTERVAL_READS, source, loadNo, utility, await isEmptyFor(tx, 'interval_reads', utility));
}

