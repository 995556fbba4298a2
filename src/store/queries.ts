/**
 * Read-side queries: what the validator needs to know about a utility's loaded data (incremental checks),
 * and what the UI's customer view shows. Dates come back as yyyyMMdd text on both backends.
 */
import type { BilledRead } from '../validate/options.js';
import type { Db } from './db.js';

/** Service points already loaded for the utility. */
export async function knownServicePoints(db: Db, utility: string): Promise<Set<string>> {
  const r = await db.query<{ id: string }>('SELECT service_point_id AS id FROM service_points WHERE utility = $1', [utility]);
  return new Set(r.rows.map((x) => x.id));
}

export interface LastRead {
  /** yyyyMMdd */
  readonly dateTo: string;
  readonly duration: number;
}

/** The latest billed read of every service point of the utility (by date_to, then the longer duration). */
export async function lastLoadedReads(db: Db, utility: string): Promise<Map<string, LastRead>> {
  const r = await db.query<{ sp: string; d: string; n: number }>(
    `SELECT DISTINCT ON (service_point_id) service_point_id AS sp, to_char(date_to, 'YYYYMMDD') AS d, duration AS n
       FROM usage_reads WHERE utility = $1 ORDER BY service_point_id, date_to DESC, duration DESC`,
    [utility],
  );
  return new Map(r.rows.map((x) => [x.sp, { dateTo: x.d, duration: Number(x.n) }]));
}

/** Service points per query of billedReads: one array parameter of bounded size. */
const BILLED_BATCH = 5000;

/**
 * The loaded bills of some service points, oldest first, with the service point's meter unit ('' when it has
 * no customer record). With `within` (yyyyMMdd, inclusive) only bills whose whole period lies inside it: only
 * those can be compared with interval data of those days.
 */
export async function billedReads(db: Db, utility: string, servicePointIds: readonly string[], within?: { from: string; to: string }): Promise<Map<string, BilledRead[]>> {
  const out = new Map<string, BilledRead[]>();
  for (let i = 0; i < servicePointIds.length; i += BILLED_BATCH) {
    const ids = servicePointIds.slice(i, i + BILLED_BATCH);
    const range = within ? ` AND r.date_to <= to_date($4, 'YYYYMMDD') AND r.date_to - (r.duration - 1) >= to_date($3, 'YYYYMMDD')` : '';
    const r = await db.query<{ sp: string; d: string; n: number; v: string; u: string }>(
      `SELECT r.service_point_id AS sp, to_char(r.date_to, 'YYYYMMDD') AS d, r.duration AS n, r.usage_value::text AS v,
              coalesce(p.meter_unit, '') AS u
         FROM usage_reads r LEFT JOIN service_points p ON p.utility = r.utility AND p.service_point_id = r.service_point_id
        WHERE r.utility = $1 AND r.service_point_id = ANY($2::text[]) AND (r.is_estimate IS NULL OR r.is_estimate = 'A')${range}
        ORDER BY r.service_point_id, r.date_to, r.duration`,
      within ? [utility, ids, within.from, within.to] : [utility, ids],
    );
    for (const x of r.rows) {
      const read: BilledRead = { dateTo: x.d, duration: Number(x.n), usage: Number(x.v), unit: x.u };
      const list = out.get(x.sp);
      if (list) list.push(read);
      else out.set(x.sp, [read]);
    }
  }
  return out;
}

/** Whether any bill of the utility is loaded: without, interval validation keeps no day sums at all. */
export async function hasBilledReads(db: Db, utility: string): Promise<boolean> {
  const r = await db.query<{ n: number }>('SELECT 1 AS n FROM usage_reads WHERE utility = $1 LIMIT 1', [utility]);
  return r.rows.length > 0;
}

/** Channel key of interval data: service point and service quantity identifier ('' for consumption). */
export function channelKey(servicePointId: string, serviceQuantityIdentifier: string): string {
  return `${servicePointId}|${serviceQuantityIdentifier}`;
}

/** The latest loaded interval end of every channel, as local yyyyMMddHHmm, keyed by `channelKey`. */
export async function lastLoadedIntervals(db: Db, utility: string): Promise<Map<string, string>> {
  const r = await db.query<{ sp: string; q: string; w: string }>(
    `SELECT service_point_id AS sp, service_quantity_identifier AS q, max(to_char(read_date, 'YYYYMMDD') || read_time) AS w
       FROM interval_reads WHERE utility = $1 GROUP BY 1, 2`,
    [utility],
  );
  return new Map(r.rows.map((x) => [channelKey(x.sp, x.q), x.w]));
}

/** The stamp of the feed's latest loaded file (yyyyMMddHHmmss), if any. */
export async function lastLoadedStamp(db: Db, utility: string, standard: string): Promise<string | undefined> {
  const r = await db.query<{ stamp: string | null }>(
    `SELECT max(stamp) AS stamp FROM loads WHERE utility = $1 AND standard = $2 AND status = 'loaded'`, [utility, standard]);
  return r.rows[0]?.stamp ?? undefined;
}

export interface LoadRecord {
  readonly loadNo: number;
  readonly deliveryId: string;
  readonly utility: string;
  readonly standard: string;
  readonly status: 'started' | 'loaded' | 'undone';
  readonly stamp: string;
  readonly files: readonly { name: string; fileType: string; stamp: string; rows: number }[];
  readonly rows: number;
  readonly counts: Record<string, unknown>;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly undoneAt?: string;
}

/** Loads of a utility, newest first. */
export async function listLoads(db: Db, utility: string): Promise<LoadRecord[]> {
  const r = await db.query<{
    load_no: number; delivery_id: string; utility: string; standard: string; status: LoadRecord['status']; stamp: string;
    files: LoadRecord['files']; rows_read: string; counts: Record<string, unknown>; s: string; f: string | null; u: string | null;
  }>(
    `SELECT load_no, delivery_id, utility, standard, status, stamp, files, rows_read, counts,
            started_at::text AS s, finished_at::text AS f, undone_at::text AS u
       FROM loads WHERE utility = $1 ORDER BY load_no DESC`,
    [utility],
  );
  return r.rows.map((x) => ({
    loadNo: x.load_no, deliveryId: x.delivery_id, utility: x.utility, standard: x.standard, status: x.status, stamp: x.stamp,
    files: x.files, rows: Number(x.rows_read), counts: x.counts, startedAt: x.s,
    ...(x.f ? { finishedAt: x.f } : {}), ...(x.u ? { undoneAt: x.u } : {}),
  }));
}

export interface AccountSummary {
  readonly accountId: string;
  readonly customerId: string | null;
  readonly name: string;
  readonly activeDate: string | null;
  readonly inactiveDate: string | null;
  readonly city: string | null;
}

/** Accounts whose id is `q`, or whose customer's name or business name starts with `q` (case-insensitive). */
export async function findAccounts(db: Db, utility: string, q: string, limit = 50): Promise<AccountSummary[]> {
  const r = await db.query<{ a: string; c: string | null; n: string; ad: string | null; id: string | null; city: string | null }>(
    `SELECT a.account_id AS a, a.customer_id AS c,
            coalesce(c.business_name, concat_ws(' ', c.first_name, c.last_name), '') AS n,
            to_char(a.active_date, 'YYYYMMDD') AS ad, to_char(a.inactive_date, 'YYYYMMDD') AS id, c.mail_city AS city
       FROM accounts a LEFT JOIN customers c ON c.utility = a.utility AND c.customer_id = a.customer_id
      WHERE a.utility = $1 AND (a.account_id = $2 OR a.customer_id = $2
            OR lower(c.last_name) LIKE $3 OR lower(c.first_name) LIKE $3 OR lower(c.business_name) LIKE $3)
      ORDER BY (a.account_id = $2) DESC, a.account_id LIMIT $4`,
    [utility, q, `${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`, limit],
  );
  return r.rows.map((x) => ({ accountId: x.a, customerId: x.c, name: x.n, activeDate: x.ad, inactiveDate: x.id, city: x.city }));
}

export interface ServicePointView {
  readonly servicePointId: string;
  readonly premiseId: string | null;
  readonly address: string;
  readonly meterType: string | null;
  readonly meterUnit: string | null;
}

/** The service points an account serves. */
export async function accountServicePoints(db: Db, utility: string, accountId: string): Promise<ServicePointView[]> {
  const r = await db.query<{ sp: string; p: string | null; addr: string; mt: string | null; mu: string | null }>(
    `SELECT p.service_point_id AS sp, p.premise_id AS p,
            concat_ws(' ', p.service_house_number, p.service_street_name, p.service_unit) || ', ' || concat_ws(' ', p.service_city, p.service_state, p.service_zip_code) AS addr,
            p.meter_type AS mt, p.meter_unit AS mu
       FROM account_service_points l JOIN service_points p ON p.utility = l.utility AND p.service_point_id = l.service_point_id
      WHERE l.utility = $1 AND l.account_id = $2 ORDER BY p.service_point_id`,
    [utility, accountId],
  );
  return r.rows.map((x) => ({ servicePointId: x.sp, premiseId: x.p, address: x.addr, meterType: x.mt, meterUnit: x.mu }));
}

export interface BillRead {
  readonly servicePointId: string;
  /** yyyyMMdd */
  readonly dateTo: string;
  readonly duration: number;
  /** As sent, e.g. "1.50". */
  readonly usageValue: string;
  readonly isEstimate: string | null;
  readonly usageCharge: string | null;
  /** The delivery, file and line that wrote this read. */
  readonly source: { readonly deliveryId: string; readonly file: string; readonly line: number };
  /** The values this read replaced (corrections), newest first. */
  readonly replaced: readonly { readonly dateTo: string; readonly duration: number; readonly usageValue: string; readonly usageCharge: string | null; readonly deliveryId: string }[];
}

/** Bill history of a service point, oldest first, with lineage and the values corrections replaced. */
export async function billHistory(db: Db, utility: string, servicePointId: string): Promise<BillRead[]> {
  const r = await db.query<{ sp: string; d: string; n: number; v: string; e: string | null; c: string | null; dl: string; f: string; line: number }>(
    `SELECT r.service_point_id AS sp, to_char(r.date_to, 'YYYYMMDD') AS d, r.duration AS n, r.usage_value::text AS v,
            r.is_estimate AS e, r.usage_charge::text AS c, l.delivery_id AS dl, l.files -> r.file_no ->> 'name' AS f, r.line
       FROM usage_reads r JOIN loads l ON l.load_no = r.load_no
      WHERE r.utility = $1 AND r.service_point_id = $2 ORDER BY r.date_to, r.duration`,
    [utility, servicePointId],
  );
  const prev = await db.query<{ d: string; n: number; v: string; c: string | null; dl: string }>(
    `SELECT to_char(p.date_to, 'YYYYMMDD') AS d, p.duration AS n, p.usage_value::text AS v, p.usage_charge::text AS c,
            l.delivery_id AS dl
       FROM usage_reads_prev p JOIN loads l ON l.load_no = p.load_no
      WHERE p.utility = $1 AND p.service_point_id = $2 ORDER BY p.undo_load DESC`,
    [utility, servicePointId],
  );
  return r.rows.map((x) => {
    const end = x.d;
    const start = shiftDays(x.d, -(Number(x.n) - 1));
    const replaced = prev.rows
      .filter((p) => p.d <= end && shiftDays(p.d, -(Number(p.n) - 1)) >= start)
      .map((p) => ({ dateTo: p.d, duration: Number(p.n), usageValue: p.v, usageCharge: p.c, deliveryId: p.dl }));
    return {
      servicePointId: x.sp, dateTo: x.d, duration: Number(x.n), usageValue: x.v, isEstimate: x.e, usageCharge: x.c,
      source: { deliveryId: x.dl, file: x.f, line: Number(x.line) }, replaced,
    };
  });
}

function shiftDays(yyyymmdd: string, days: number): string {
  const t = Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

export interface DailyUsage {
  /** yyyyMMdd: the local day the intervals fall in (an interval ending at 0000 belongs to the day before). */
  readonly day: string;
  readonly serviceQuantityIdentifier: string;
  readonly units: string | null;
  readonly total: string;
  readonly intervals: number;
}

/** Interval usage of a service point summed per local day, between two yyyyMMdd days inclusive. */
export async function intervalUsagePerDay(db: Db, utility: string, servicePointId: string, from: string, to: string): Promise<DailyUsage[]> {
  const r = await db.query<{ day: string; q: string; u: string | null; total: string; n: string }>(
    `SELECT to_char((read_date + to_timestamp(read_time, 'HH24MI')::time - make_interval(mins => interval_minutes))::date, 'YYYYMMDD') AS day,
            service_quantity_identifier AS q, min(units) AS u, sum(usage_value)::text AS total, count(*) AS n
       FROM interval_reads
      WHERE utility = $1 AND service_point_id = $2 AND read_date >= to_date($3, 'YYYYMMDD') AND read_date <= to_date($4, 'YYYYMMDD') + 1
      GROUP BY 1, 2 HAVING to_char((min(read_date + to_timestamp(read_time, 'HH24MI')::time - make_interval(mins => interval_minutes)))::date, 'YYYYMMDD') BETWEEN $3 AND $4
      ORDER BY 1, 2`,
    [utility, servicePointId, from, to],
  );
  return r.rows.map((x) => ({ day: x.day, serviceQuantityIdentifier: x.q, units: x.u, total: x.total, intervals: Number(x.n) }));
}

/** What the validator's DeliveryContext needs from the store, for one feed (structurally that interface). */
export interface StoreContext {
  knownServicePoint(id: string): boolean;
  lastLoadedRead(servicePointId: string): LastRead | undefined;
  lastLoadedInterval(channelKey: string): string | undefined;
  /** Interval feeds: the loaded bills, asked for after the files are read (not preloaded: millions of rows). */
  billedReads?(servicePointIds: readonly string[], within?: { from: string; to: string }): Promise<Map<string, BilledRead[]>>;
  lastProcessedStamp?: string;
}

/** Builds the validation context of a utility's feed from what is loaded. */
export async function deliveryContext(db: Db, utility: string, standard: string): Promise<StoreContext> {
  const sps = await knownServicePoints(db, utility);
  const reads = standard === 'legacy-billing' ? await lastLoadedReads(db, utility) : new Map<string, LastRead>();
  const intervals = standard === 'interval' ? await lastLoadedIntervals(db, utility) : new Map<string, string>();
  const stamp = await lastLoadedStamp(db, utility, standard);
  const bills = standard === 'interval' && await hasBilledReads(db, utility);
  return {
    knownServicePoint: (id) => sps.has(id),
    lastLoadedRead: (id) => reads.get(id),
    lastLoadedInterval: (key) => intervals.get(key),
    ...(bills ? { billedReads: (ids: readonly string[], within?: { from: string; to: string }) => billedReads(db, utility, ids, within) } : {}),
    ...(stamp ? { lastProcessedStamp: stamp } : {}),
  };
}
