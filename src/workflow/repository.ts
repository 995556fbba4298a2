/** SQL of the workflow's tables; rows become domain objects here and nowhere else. */
import type { Report, ReportSummary } from '../report/types.js';
import type { Queryable } from '../store/db.js';
import type { AuditEntry, Delivery, DeliveryFile, DeliveryPhase, DeliveryRef, DeliverySource, DeliveryStatus, Feed, FeedPhase, FeedView, Utility } from './types.js';

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

type Row = Record<string, unknown>;

function toUtility(r: Row): Utility {
  const profile = json<Record<string, unknown>>(r.profile) ?? {};
  return {
    code: String(r.code),
    name: String(r.name),
    profile,
    eu: profile.eu === true,
    expectedAccounts: typeof profile.expectedAccounts === 'number' ? profile.expectedAccounts : null,
    webhookUrl: (r.webhook_url as string | null) ?? null,
    createdAt: iso(r.created_at),
  };
}

function toFeed(r: Row): Feed {
  return {
    id: Number(r.id), utility: String(r.utility), standard: String(r.standard), phase: r.phase as FeedPhase,
    lastProcessedStamp: (r.last_processed_stamp as string | null) ?? null, updatedAt: iso(r.updated_at),
  };
}

function toDelivery(r: Row): Delivery {
  return {
    id: String(r.id), utility: String(r.utility), feedId: Number(r.feed_id), standard: String(r.standard),
    phase: r.phase as DeliveryPhase, round: Number(r.round), source: r.source as DeliverySource, status: r.status as DeliveryStatus,
    files: json<DeliveryFile[]>(r.files), summary: r.summary == null ? null : json<ReportSummary>(r.summary),
    asOf: (r.as_of as string | null) ?? null, error: (r.error as string | null) ?? null,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
    filesPurgedAt: r.files_purged_at == null ? null : iso(r.files_purged_at),
  };
}

function toAudit(r: Row): AuditEntry {
  return {
    id: Number(r.id), utility: String(r.utility), deliveryId: (r.delivery_id as string | null) ?? null,
    feedId: r.feed_id == null ? null : Number(r.feed_id), action: String(r.action), from: (r.from_state as string | null) ?? null,
    to: String(r.to_state), actor: String(r.actor), comment: (r.comment as string | null) ?? null, at: iso(r.at),
  };
}

export const utilities = {
  async insert(q: Queryable, u: { code: string; name: string; profile: Record<string, unknown> }): Promise<boolean> {
    const r = await q.query('INSERT INTO utilities (code, name, profile) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code', [u.code, u.name, JSON.stringify(u.profile)]);
    return r.rows.length === 1;
  },
  async get(q: Queryable, code: string): Promise<Utility | undefined> {
    const r = await q.query<Row>('SELECT * FROM utilities WHERE code = $1', [code]);
    return r.rows[0] ? toUtility(r.rows[0]) : undefined;
  },
  async list(q: Queryable): Promise<Utility[]> {
    return (await q.query<Row>('SELECT * FROM utilities ORDER BY code')).rows.map(toUtility);
  },
  async setProfile(q: Queryable, code: string, profile: Record<string, unknown>): Promise<void> {
    await q.query('UPDATE utilities SET profile = $2 WHERE code = $1', [code, JSON.stringify(profile)]);
  },
  async setWebhook(q: Queryable, code: string, url: string | null, secret: string | null): Promise<void> {
    await q.query('UPDATE utilities SET webhook_url = $2, webhook_secret = $3 WHERE code = $1', [code, url, secret]);
  },
  async webhook(q: Queryable, code: string): Promise<{ url: string; secret: string } | undefined> {
    const r = await q.query<{ webhook_url: string | null; webhook_secret: string | null }>('SELECT webhook_url, webhook_secret FROM utilities WHERE code = $1', [code]);
    const row = r.rows[0];
    return row?.webhook_url ? { url: row.webhook_url, secret: row.webhook_secret ?? '' } : undefined;
  },
  async addKey(q: Queryable, code: string, publicKey: string): Promise<void> {
    await q.query('INSERT INTO utility_keys (utility, public_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, publicKey]);
  },
  async keys(q: Queryable, code: string): Promise<string[]> {
    return (await q.query<{ public_key: string }>('SELECT public_key FROM utility_keys WHERE utility = $1 ORDER BY id', [code])).rows.map((r) => r.public_key);
  },
};

export const feeds = {
  /** The feed of a utility and standard, created in `phase` when it does not exist yet. */
  async ensure(q: Queryable, utility: string, standard: string, phase: FeedPhase): Promise<Feed> {
    await q.query('INSERT INTO feeds (utility, standard, phase) VALUES ($1, $2, $3) ON CONFLICT (utility, standard) DO NOTHING', [utility, standard, phase]);
    const r = await q.query<Row>('SELECT * FROM feeds WHERE utility = $1 AND standard = $2', [utility, standard]);
    return toFeed(r.rows[0] as Row);
  },
  async get(q: Queryable, id: number, forUpdate = false): Promise<Feed | undefined> {
    const r = await q.query<Row>(`SELECT * FROM feeds WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return r.rows[0] ? toFeed(r.rows[0]) : undefined;
  },
  /** The utility's feeds, each with its newest delivery. */
  async ofUtility(q: Queryable, utility: string): Promise<FeedView[]> {
    const r = await q.query<Row>(
      `SELECT f.*, d.id AS d_id, d.phase AS d_phase, d.round AS d_round, d.status AS d_status, d.summary AS d_summary, d.created_at AS d_created_at
         FROM feeds f
         LEFT JOIN LATERAL (SELECT * FROM deliveries x WHERE x.feed_id = f.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) d ON true
        WHERE f.utility = $1 ORDER BY f.standard`,
      [utility],
    );
    return r.rows.map((row) => {
      const last: DeliveryRef | null = row.d_id == null ? null : {
        id: String(row.d_id), phase: row.d_phase as DeliveryPhase, round: Number(row.d_round), status: row.d_status as DeliveryStatus,
        summary: row.d_summary == null ? null : json<ReportSummary>(row.d_summary), createdAt: iso(row.d_created_at),
      };
      return { ...toFeed(row), status: last?.status ?? 'waiting', lastDelivery: last };
    });
  },
  async setPhase(q: Queryable, id: number, phase: FeedPhase): Promise<void> {
    await q.query('UPDATE feeds SET phase = $2, updated_at = now() WHERE id = $1', [id, phase]);
  },
  async advanceStamp(q: Queryable, id: number, stamp: string): Promise<void> {
    await q.query('UPDATE feeds SET last_processed_stamp = $2 WHERE id = $1 AND (last_processed_stamp IS NULL OR last_processed_stamp < $2)', [id, stamp]);
  },
  async addSampleAccounts(q: Queryable, id: number, accounts: readonly string[]): Promise<void> {
    // Chunked: one statement per few thousand ids keeps the parameter list small.
    for (let i = 0; i < accounts.length; i += 5000) {
      await q.query('INSERT INTO feed_sample_accounts (feed_id, account_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [id, accounts.slice(i, i + 5000)]);
    }
  },
  async sampleAccounts(q: Queryable, id: number): Promise<string[]> {
    return (await q.query<{ account_id: string }>('SELECT account_id FROM feed_sample_accounts WHERE feed_id = $1 ORDER BY account_id', [id])).rows.map((r) => r.account_id);
  },
};

export interface DeliveryFilter {
  readonly utility?: string;
  readonly status?: DeliveryStatus;
  readonly limit?: number;
}

export const deliveries = {
  async insert(q: Queryable, d: { id: string; utility: string; feedId: number; standard: string; phase: DeliveryPhase; source: DeliverySource; files: readonly DeliveryFile[]; asOf: string | null }): Promise<Delivery> {
    // The round is the next number within the feed's phase; the unique key turns a race into a retryable error.
    const r = await q.query<Row>(
      `INSERT INTO deliveries (id, utility, feed_id, standard, phase, round, source, status, files, as_of)
       VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(round), 0) + 1 FROM deliveries WHERE feed_id = $3 AND phase = $5), $6, 'received', $7, $8)
       RETURNING *`,
      [d.id, d.utility, d.feedId, d.standard, d.phase, d.source, JSON.stringify(d.files), d.asOf],
    );
    return toDelivery(r.rows[0] as Row);
  },
  async get(q: Queryable, id: string, forUpdate = false): Promise<Delivery | undefined> {
    const r = await q.query<Row>(`SELECT * FROM deliveries WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return r.rows[0] ? toDelivery(r.rows[0]) : undefined;
  },
  async list(q: Queryable, f: DeliveryFilter): Promise<Delivery[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.utility) { params.push(f.utility); where.push(`utility = $${params.length}`); }
    if (f.status) { params.push(f.status); where.push(`status = $${params.length}`); }
    params.push(Math.min(Math.max(f.limit ?? 100, 1), 1000));
    const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`;
    return (await q.query<Row>(sql, params)).rows.map(toDelivery);
  },
  /** Moves a delivery from `from` to `to`; false when it was not in `from` any more (someone else moved it). */
  async move(q: Queryable, id: string, from: DeliveryStatus, to: DeliveryStatus, extra: { summary?: ReportSummary; error?: string | null } = {}): Promise<boolean> {
    const r = await q.query(
      `UPDATE deliveries SET status = $3, updated_at = now(),
         summary = coalesce($4::jsonb, summary), error = CASE WHEN $5::boolean THEN $6 ELSE error END
       WHERE id = $1 AND status = $2`,
      [id, from, to, extra.summary ? JSON.stringify(extra.summary) : null, extra.error !== undefined, extra.error ?? null],
    );
    return r.rowCount === 1;
  },
  /** The delivery of the same feed and phase one round earlier. */
  async previousRound(q: Queryable, d: Delivery): Promise<Delivery | undefined> {
    const r = await q.query<Row>('SELECT * FROM deliveries WHERE feed_id = $1 AND phase = $2 AND round < $3 ORDER BY round DESC LIMIT 1', [d.feedId, d.phase, d.round]);
    return r.rows[0] ? toDelivery(r.rows[0]) : undefined;
  },
  /**
   * Finished deliveries (rejected, loaded, failed) of a utility received before `cutoff` whose files are still
   * there. A delivery still in review or waiting to load keeps its files whatever their age.
   */
  async purgeable(q: Queryable, utility: string, cutoff: Date): Promise<string[]> {
    const r = await q.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE utility = $1 AND files_purged_at IS NULL AND created_at < $2
         AND status IN ('rejected', 'loaded', 'failed') ORDER BY created_at`,
      [utility, cutoff.toISOString()],
    );
    return r.rows.map((x) => x.id);
  },
  async markPurged(q: Queryable, id: string, at: Date): Promise<void> {
    await q.query('UPDATE deliveries SET files_purged_at = $2 WHERE id = $1', [id, at.toISOString()]);
  },
  async saveReport(q: Queryable, id: string, report: Report): Promise<void> {
    await q.query('INSERT INTO delivery_reports (delivery_id, report) VALUES ($1, $2) ON CONFLICT (delivery_id) DO NOTHING', [id, JSON.stringify(report)]);
  },
  async report(q: Queryable, id: string): Promise<Report | undefined> {
    const r = await q.query<{ report: unknown }>('SELECT report FROM delivery_reports WHERE delivery_id = $1', [id]);
    return r.rows[0] ? json<Report>(r.rows[0].report) : undefined;
  },
};

export const audit = {
  async add(q: Queryable, e: { utility: string; deliveryId?: string; feedId?: number; action: string; from: string | null; to: string; actor: string; comment?: string | null }): Promise<void> {
    await q.query(
      'INSERT INTO audit_log (utility, delivery_id, feed_id, action, from_state, to_state, actor, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.utility, e.deliveryId ?? null, e.feedId ?? null, e.action, e.from, e.to, e.actor, e.comment ?? null],
    );
  },
  async ofUtility(q: Queryable, utility: string, limit = 500): Promise<AuditEntry[]> {
    return (await q.query<Row>('SELECT * FROM audit_log WHERE utility = $1 ORDER BY id DESC LIMIT $2', [utility, limit])).rows.map(toAudit);
  },
  async ofDelivery(q: Queryable, id: string): Promise<AuditEntry[]> {
    return (await q.query<Row>('SELECT * FROM audit_log WHERE delivery_id = $1 ORDER BY id', [id])).rows.map(toAudit);
  },
};
