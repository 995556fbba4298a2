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
import { createUtilityPartition, ensureIntervalPartitions, hasUtilityPartition } from './partitions.js';
import {
  ALL_TABLES, ENTITY_TABLES, INTERVAL_READS, USAGE_READS, stagingCopySql, stagingDdl,
  type TableDef,
} from './tables.js';
import { DEFAULT_PROFILE, fileNameCodeOf, findStandard, parseFileName, type FileTypeSpec, type StandardSpec, type UtilityProfile } from '../spec/index.js';
import { loadRecords, RECORDS, type RecordFile } from './records.js';

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
  if (!spec) throw new StoreError('LOAD_STANDARD_UNSUPPORTED', `there is no standard "${req.standard}" to load`);
  const files = planFiles(spec, req);
  const stamp = files.reduce((m, f) => (f.file.stamp > m ? f.file.stamp : m), '');

  const already = (row: PriorLoad): LoadResult => ({
    deliveryId: req.deliveryId, loadNo: row.load_no, utility: req.utility, standard: spec.id, alreadyLoaded: true,
    rows: Number(row.rows_read), files: row.files, tables: row.counts, elapsedMs: Date.now() - t0,
  });
  let prior = await findLive(db, req.deliveryId);
  if (prior?.status === 'loaded') return already(prior);
  // The started row is committed on its own, so a crashed load is visible and a rerun picks it up.
  if (!prior) {
    try {
      await db.query(
        `INSERT INTO loads (delivery_id, utility, standard, files, stamp, status) VALUES ($1, $2, $3, $4, $5, 'started')`,
        [req.deliveryId, req.utility, spec.id, JSON.stringify(files.map((f) => f.file)), stamp],
      );
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err; // another process started the same delivery
    }
    prior = await findLive(db, req.deliveryId);
    if (!prior) throw new Error(`the load of ${req.deliveryId} vanished`);
  }
  const loadNo = prior.load_no;

  const tables: Record<string, TableCounts> = {};
  let rows = 0;
  const done = await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '|' || $2))", [FEED_LOCK, `${req.utility}|${spec.id}`]);
    // Primary keys of a utility's first load are built by sort; give the sort room.
    await tx.exec(`SET LOCAL maintenance_work_mem = '256MB'`);
    const later = await tx.query<{ delivery_id: string; stamp: string }>(
      `SELECT delivery_id, stamp FROM loads WHERE utility = $1 AND standard = $2 AND status = 'loaded' AND stamp > $3 ORDER BY stamp DESC LIMIT 1`,
      [req.utility, spec.id, stamp],
    );
    const newer = later.rows[0];
    if (newer) {
      throw new StoreError('LOAD_OUT_OF_ORDER', `delivery ${req.deliveryId} (stamp ${stamp}) is older than the loaded delivery ${newer.delivery_id} (stamp ${newer.stamp}); files of a feed load in stamp order`, { later: newer.delivery_id });
    }
    const state = await tx.query<{ status: string }>('SELECT status FROM loads WHERE load_no = $1 FOR UPDATE', [loadNo]);
    if (state.rows[0]?.status !== 'started') return false; // another process loaded it while this one waited

    const staged = new Map<string, Staged>();
    if (spec.id === 'legacy-billing') {
      await loadLegacy(db, tx, loadNo, req, files, staged, tables);
    } else if (spec.id === 'interval') {
      await stageFiles(db, tx, loadNo, files, staged);
      await mergeInterval(db, tx, loadNo, req.utility, staged, tables);
    } else {
      // The other standards: rows under their keys in one table (records.ts).
      const recordFiles: RecordFile[] = files.map((f) => ({ path: f.path, fileNo: f.fileNo, ft: f.ft, rows: 0 }));
      await loadRecords(tx, loadNo, req.utility, spec, recordFiles, tables);
      recordFiles.forEach((r, i) => { (files[i] as PlannedFile).file.rows = r.rows; });
    }
    rows = files.reduce((n, f) => n + f.file.rows, 0);
    for (const s of staged.values()) await tx.exec(`DROP TABLE ${s.table}`);
    // Fresh statistics after a load that wrote much keep the next merge's and the export's plans on the indexes
    // (ANALYZE samples a bounded number of rows, so it stays cheap on big tables).
    for (const table of [...ALL_TABLES.map((d) => d.table), RECORDS]) if ((tables[table]?.written ?? 0) >= 1_000) await tx.exec(`ANALYZE ${table}`);
    await tx.query(
      `UPDATE loads SET status = 'loaded', finished_at = now(), rows_read = $2, counts = $3, files = $4 WHERE load_no = $1`,
      [loadNo, rows, JSON.stringify(tables), JSON.stringify(files.map((f) => f.file))],
    );
    return true;
  });
  if (!done) {
    const now = await findLive(db, req.deliveryId);
    if (now?.status === 'loaded') return already(now);
    throw new StoreError('LOAD_CONFLICT', `delivery ${req.deliveryId} changed state while waiting to load`);
  }
  return {
    deliveryId: req.deliveryId, loadNo, utility: req.utility, standard: spec.id, alreadyLoaded: false, rows,
    files: files.map((f) => f.file), tables, elapsedMs: Date.now() - t0,
  };
}

interface PriorLoad {
  load_no: number;
  status: string;
  rows_read: string;
  counts: Record<string, TableCounts>;
  files: LoadedFile[];
}

async function findLive(db: Db, deliveryId: string): Promise<PriorLoad | undefined> {
  const r = await db.query<PriorLoad>(
    `SELECT load_no, status, rows_read, counts, files FROM loads WHERE delivery_id = $1 AND status <> 'undone'`, [deliveryId]);
  return r.rows[0];
}

interface PlannedFile {
  readonly path: string;
  /** Index in load order (lineage: loads.files[file_no]). */
  fileNo: number;
  readonly ft: FileTypeSpec;
  readonly file: LoadedFile;
}

/** Parses the file names, checks the layout, and orders the files: stamp, then customer before usage, then name. */
function planFiles(spec: StandardSpec, req: LoadRequest): PlannedFile[] {
  const planned = req.files.map((f): PlannedFile => {
    const { parsed } = parseFileName(f.name, spec);
    if (!parsed.fileType || !parsed.stamp) throw new StoreError('LOAD_FILE_NAME', `${f.name}: not a ${spec.id} file name (opwr_<utility>_<population>_<version>_<type>_<stamp>.<ext>)`, { file: f.name });
    // File names carry the utility's file-name code: the profile's fileNameCode, else the utility code itself.
    const expected = fileNameCodeOf(req.utility, req.profile ?? DEFAULT_PROFILE) ?? req.utility;
    if (parsed.utility && parsed.utility !== expected) {
      throw new StoreError('LOAD_UTILITY_MISMATCH', `${f.name}: the file belongs to utility "${parsed.utility}", not "${expected}"`, { file: f.name });
    }
    return {
      path: f.path,
      fileNo: 0,
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
  planned.sort((a, b) =>
    a.file.stamp.localeCompare(b.file.stamp) || (FILE_TYPE_ORDER[a.ft.id] ?? 0) - (FILE_TYPE_ORDER[b.ft.id] ?? 0) || a.file.name.localeCompare(b.file.name));
  planned.forEach((p, i) => { p.fileNo = i; });
  return planned;
}

interface Staged {
  readonly table: string;
  readonly ft: FileTypeSpec;
  readonly usage?: UsageOrder;
  readonly interval?: IntervalOrder;
}

/** COPYs every file into one staging table per file type (file_no set per file), tracking read order. */
async function stageFiles(db: Db, tx: Tx, loadNo: number, files: readonly PlannedFile[], staged: Map<string, Staged>): Promise<void> {
  const chunkBytes = chunkBytesFor(db);
  for (const f of files) {
    const fileNo = f.fileNo;
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
    const stream = await openFile(f);
    await tx.copyFrom(stagingCopySql(s.table, f.ft), toCopyText(stream, { chunkBytes, ...(onRow ? { onRow } : {}) }, stats));
    f.file.rows = stats.rows;
  }
  for (const s of staged.values()) await tx.exec(`ANALYZE ${s.table}`);
}

const chunkBytesFor = (db: Db): number => (db.kind === 'pglite' ? 8 << 20 : 1 << 20);

async function openFile(f: PlannedFile): Promise<AsyncIterable<Buffer>> {
  try {
    return (await openDecompressed(f.path)).stream;
  } catch (err) {
    throw new StoreError('LOAD_FILE_UNREADABLE', `${f.file.name}: ${(err as Error).message}`, { file: f.file.name });
  }
}

/**
 * Legacy billing: entities by last record wins (the last row of an entity in the delivery), then the reads.
 * The first reads of a utility go straight from the file into usage_reads (no staging) when they can.
 */
async function loadLegacy(db: Db, tx: Tx, loadNo: number, req: LoadRequest, files: readonly PlannedFile[], staged: Map<string, Staged>, out: Record<string, TableCounts>): Promise<void> {
  await stageFiles(db, tx, loadNo, files.filter((f) => f.ft.id !== 'usage'), staged);
  const entity = staged.get('customer') ?? staged.get('full');
  if (entity) {
    for (const def of ENTITY_TABLES) {
      out[def.table] = await mergeLastRecord(tx, def, entity.table, loadNo, req.utility);
    }
    if (req.profile?.allowAccountDeletion) out.deletedAccounts = await deleteFlaggedAccounts(tx, loadNo, req.utility);
  }
  const usageFiles = files.filter((f) => f.ft.id === 'usage');
  const only = usageFiles.length === 1 ? usageFiles[0] : undefined;
  if (!(await hasUtilityPartition(tx, 'usage_reads', req.utility))) {
    if (only && /^[\w.-]+$/.test(req.utility)) {
      const direct = await copyUsageDirect(db, tx, loadNo, req.utility, only);
      if (direct) {
        out.usage_reads = direct;
        return;
      }
    }
    await createUtilityPartition(tx, 'usage_reads', USAGE_READS.key, req.utility);
  }
  await stageFiles(db, tx, loadNo, usageFiles, staged);
  const usage = staged.get('usage') ?? staged.get('full');
  if (usage) {
    out.usage_reads = await mergeUsage(tx, usage.table, loadNo, req.utility, [...(usage.usage?.irregular ?? [])]);
  }
}

/**
 * A utility's first reads: COPY the file straight into the utility's new partition of usage_reads (no index
 * yet), resolve the delivery's own corrections in place, then build the primary key and attach the partition.
 * Should a duplicate key survive, building the key fails; the savepoint is rolled back and the caller stages the
 * file instead (returns undefined).
 */
async function copyUsageDirect(db: Db, tx: Tx, loadNo: number, utility: string, f: PlannedFile): Promise<TableCounts | undefined> {
  const order = new UsageOrder(0, 2, 3);
  const stats: CopyTextStats = { rows: 0 };
  const cols = f.ft.columns.map((c) => c.name).join(', ');
  let deleted = 0;
  await tx.exec('SAVEPOINT usage_direct');
  try {
    await createUtilityPartition(tx, 'usage_reads', USAGE_READS.key, utility, async (part) => {
      await tx.copyFrom(
        // FREEZE: the partition was created in this subtransaction, so its rows can be written frozen.
        `COPY ${part} (utility, load_no, file_no, line, ${cols}) FROM STDIN WITH (FORMAT text, NULL '', FREEZE)`,
        toCopyText(await openFile(f), { chunkBytes: chunkBytesFor(db), onRow: order.row, prefix: Buffer.from(`${utility}\t${loadNo}\t${f.fileNo}\t`) }, stats),
      );
      if (order.irregular.size > 0) {
        // Corrections inside the delivery: a read covered by a later row of its service point (same period or
        // an overlapping overwrite) goes.
        const r = await tx.query(
          `DELETE FROM ${part} x USING ${part} y
            WHERE x.service_point_id = ANY($1::text[]) AND y.service_point_id = x.service_point_id
              AND (y.file_no, y.line) > (x.file_no, x.line)
              AND y.date_to - y.duration <= x.date_to - x.duration AND y.date_to >= x.date_to`,
          [[...order.irregular]],
        );
        deleted = r.rowCount;
      }
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await tx.exec('ROLLBACK TO SAVEPOINT usage_direct');
    return undefined;
  }
  await tx.exec('RELEASE SAVEPOINT usage_direct');
  f.file.rows = stats.rows;
  return { written: stats.rows - deleted, replaced: 0 };
}

/** The last staged record of each entity (by file, then line) merged into its table. */
async function mergeLastRecord(tx: Tx, def: TableDef, stage: string, loadNo: number, utility: string): Promise<MergeCounts> {
  const cols = [...def.key, ...def.values];
  const last = `SELECT DISTINCT ON (${def.key.join(', ')}) ${cols.join(', ')}, file_no, line
       FROM ${stage} ORDER BY ${def.key.join(', ')}, file_no DESC, line DESC`;
  if (!(await hasUtilityPartition(tx, def.table, utility))) {
    // The utility's first rows of this table: fill a fresh partition straight from staging, then index it.
    const counts = { written: 0, replaced: 0 };
    await createUtilityPartition(tx, def.table, def.key, utility, async (part) => {
      const r = await tx.query(
        `INSERT INTO ${part} (utility, ${cols.join(', ')}, load_no, file_no, line) SELECT $1, ${cols.join(', ')}, $2::int, file_no, line FROM (${last}) s`,
        [utility, loadNo],
      );
      counts.written = r.rowCount;
    });
    return counts;
  }
  // The merge reads the last records twice (changed rows, then new keys): materialise them once.
  const src = `${stage}_${def.table}`;
  await tx.exec(`CREATE UNLOGGED TABLE ${src} AS ${last}`);
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

