/**
 * The typed client of the HTTP API (contract.md "HTTP"). Every response shape the UI relies on is declared and
 * normalised here, so that adapting the UI to a change of the API is an edit in this one file.
 */
import type { Report, ReportIssue, ReportSummary } from '../../src/report/types.js';
import type { StandardSpec } from '../../src/spec/types.js';

export type { Report, ReportIssue, ReportSummary, StandardSpec };

export type Role = 'operator' | 'utility';
export type FeedPhase = 'sample' | 'full' | 'incremental' | 'auto';
export type DeliveryStatus =
  | 'received' | 'validating' | 'rejected' | 'awaiting-review' | 'approved' | 'loading' | 'loaded' | 'failed';

export interface Me {
  readonly role: Role;
  /** The utility a utility token belongs to; absent for operators. */
  readonly utility?: string;
}

export interface DeliveryRef {
  readonly id: string;
  readonly status: DeliveryStatus;
  readonly receivedAt?: string;
  readonly round?: number;
  readonly phase?: string;
}

export interface Feed {
  readonly standard: string;
  readonly phase: FeedPhase;
  readonly status?: string;
  readonly lastDelivery?: DeliveryRef;
  /** Errors of the last delivery. */
  readonly errors?: number;
  /** When the next file of an `auto` feed is expected (from the API when it knows, else estimated here). */
  readonly nextDueAt?: string;
  readonly late: boolean;
}

export interface Utility {
  readonly code: string;
  readonly name: string;
  readonly profile: Record<string, unknown>;
  readonly feeds: readonly Feed[];
}

export interface DeliveryFile {
  readonly name: string;
  readonly rows?: number;
  readonly bytes?: number;
}

export interface Decision {
  readonly action: 'approve' | 'reject';
  readonly by?: string;
  readonly at?: string;
  readonly comment?: string;
}

export interface Delivery {
  readonly id: string;
  readonly utility: string;
  readonly standard: string;
  readonly phase: string;
  readonly round: number;
  readonly files: readonly DeliveryFile[];
  readonly status: DeliveryStatus;
  readonly summary?: ReportSummary;
  readonly receivedAt?: string;
  readonly source?: string;
  readonly decision?: Decision;
  /** Why processing failed, when it did. */
  readonly error?: string;
  /** When the raw files were deleted after the retention period (null while they are kept). */
  readonly filesPurgedAt?: string | null;
}

/** One issue in the comparison of two rounds: by fingerprint (code|fileType|column), or that plus a row key. */
export interface DiffEntry {
  readonly state: 'fixed' | 'new' | 'open';
  readonly fingerprint: string;
  readonly code: string;
  readonly severity: string;
  readonly fileType?: string;
  readonly column?: string;
  readonly key?: string;
  /** Occurrences in the previous round and in this one. */
  readonly previous: number;
  readonly current: number;
}

export interface IssueDiff {
  /** The round compared against; absent for a first round. */
  readonly previous?: { readonly id: string; readonly round?: number };
  readonly fixed: readonly DiffEntry[];
  readonly new: readonly DiffEntry[];
  readonly open: readonly DiffEntry[];
  /** What the comparison could not tell (e.g. examples were capped). */
  readonly notes: readonly string[];
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly delivery?: string;
  readonly standard?: string;
  readonly comment?: string;
  readonly detail?: string;
}

export interface CustomerHit {
  readonly accountId: string;
  readonly customerId?: string;
  readonly name?: string;
  readonly city?: string;
  readonly activeDate?: string;
  readonly inactiveDate?: string;
  readonly servicePoints?: number;
}

export interface ServicePoint {
  readonly id: string;
  readonly premiseId?: string;
  readonly address?: string;
  readonly meterType?: string;
  readonly meterUnit?: string;
}

/** One billed read as loaded, with where it came from and what corrections it replaced. */
export interface Bill {
  readonly servicePointId: string;
  /** yyyyMMdd or yyyy-MM-dd */
  readonly dateFrom?: string;
  readonly dateTo: string;
  readonly duration?: number;
  readonly usage?: number;
  readonly unit?: string;
  readonly cost?: number;
  /** Actual, Estimated or Customer reported (from is_estimate A/E/U). */
  readonly kind?: string;
  readonly source?: { readonly deliveryId: string; readonly file?: string; readonly line?: number };
  /** How many earlier values this read corrected. */
  readonly corrections: number;
}

/** Interval usage summed per day for one service point. */
export interface DailyUsage {
  readonly servicePointId: string;
  readonly day: string;
  readonly total: number;
  readonly units?: string;
}

export interface AccountView {
  readonly accountId: string;
  /** Customer and account facts as the API sends them (names, dates, city…). */
  readonly facts: Record<string, unknown>;
  readonly servicePoints: readonly ServicePoint[];
  readonly bills: readonly Bill[];
  readonly daily: readonly DailyUsage[];
}

/** An API failure: the HTTP status and the server's error code and message when it sent them. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Normalisers: tolerate absent fields and the few plausible spellings, never invent data.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};
/** The first present value among several spellings of one field. */
const pick = (o: Obj, ...keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};
/** Drops undefined properties, which exactOptionalPropertyTypes forbids on optional fields. */
function clean<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
/** Lists come bare or wrapped (`{ items: [...] }`, `{ deliveries: [...] }`). */
const list = (v: unknown, ...keys: string[]): unknown[] =>
  Array.isArray(v) ? v : arr(pick(obj(v), ...keys, 'items', 'data'));

const DAY = 86_400_000;

/**
 * When the next file of a feed in `auto` is due: interval data comes daily, billing data monthly. A day (interval)
 * or a week (billing) of grace before it counts as late.
 */
export function nextDue(standard: string, last: string | undefined): string | undefined {
  if (!last) return undefined;
  const t = Date.parse(last);
  if (Number.isNaN(t)) return undefined;
  const cadence = standard === 'interval' ? 2 * DAY : 38 * DAY;
  return new Date(t + cadence).toISOString();
}

function toDeliveryRef(v: unknown): DeliveryRef | undefined {
  const o = obj(v);
  const id = str(pick(o, 'id', 'deliveryId'));
  if (id === undefined) return undefined;
  return clean<DeliveryRef>({
    id,
    status: (str(o.status) ?? 'received') as DeliveryStatus,
    receivedAt: str(pick(o, 'receivedAt', 'createdAt', 'at')),
    round: num(o.round),
    phase: str(o.phase),
  });
}

function toFeed(v: unknown, now: number): Feed {
  const o = obj(v);
  const standard = str(o.standard) ?? 'unknown';
  const phase = (str(o.phase) ?? 'sample') as FeedPhase;
  const lastRaw = pick(o, 'lastDelivery', 'latestDelivery');
  return settle({
    standard, phase, late: false,
    ...clean<Partial<Feed>>({
      lastDelivery: toDeliveryRef(lastRaw),
      status: str(o.status),
      errors: num(o.errors) ?? num(obj(obj(lastRaw).summary).errors),
      nextDueAt: str(pick(o, 'nextDueAt', 'nextExpectedAt')),
    }),
  }, typeof o.late === 'boolean' ? o.late : undefined, now);
}

/** Fills what a feed can tell from its last delivery: status, and for `auto` feeds when the next file is due. */
function settle(f: Feed, apiLate: boolean | undefined, now: number): Feed {
  const nextDueAt = f.nextDueAt ?? (f.phase === 'auto' ? nextDue(f.standard, f.lastDelivery?.receivedAt) : undefined);
  const late = apiLate ?? (f.phase === 'auto' && nextDueAt !== undefined && Date.parse(nextDueAt) < now);
  const status = f.status ?? f.lastDelivery?.status;
  return { ...f, late, ...clean<Partial<Feed>>({ nextDueAt, status }) };
}

/** Completes feeds that came without their last delivery from the utility's deliveries (newest first). */
export function withLastDeliveries(u: Utility, deliveries: readonly Delivery[], now = Date.now()): Utility {
  const newest = [...deliveries].sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '') || Number(b.id) - Number(a.id));
  return {
    ...u,
    feeds: u.feeds.map((f) => {
      if (f.lastDelivery) return f;
      const d = newest.find((x) => x.standard === f.standard);
      if (!d) return f;
      const lastDelivery = clean<DeliveryRef>({ id: d.id, status: d.status, receivedAt: d.receivedAt, round: d.round, phase: d.phase });
      return settle({ ...f, lastDelivery, ...clean<Partial<Feed>>({ errors: f.errors ?? d.summary?.errors }) }, f.late ? true : undefined, now);
    }),
  };
}

export function toUtility(v: unknown, now = Date.now()): Utility {
  const o = obj(v);
  const code = str(pick(o, 'code', 'id')) ?? '';
  return {
    code,
    name: str(o.name) ?? code,
    profile: obj(pick(o, 'profile', 'profileOverrides')),
    feeds: arr(o.feeds).map((f) => toFeed(f, now)),
  };
}

function toFile(v: unknown): DeliveryFile {
  if (typeof v === 'string') return { name: v };
  const o = obj(v);
  return clean<DeliveryFile>({ name: str(pick(o, 'name', 'file')) ?? '?', rows: num(o.rows), bytes: num(o.bytes) });
}

function toSummary(v: unknown): ReportSummary | undefined {
  if (!isObj(v)) return undefined;
  const errors = num(v.errors) ?? 0;
  return {
    files: num(v.files) ?? 0, rows: num(v.rows) ?? 0, errors,
    warnings: num(v.warnings) ?? 0, infos: num(v.infos) ?? 0,
    passed: typeof v.passed === 'boolean' ? v.passed : errors === 0,
  };
}

function toDecision(o: Obj): Decision | undefined {
  const d = pick(o, 'decision', 'review');
  if (isObj(d)) {
    const action = str(pick(d, 'action', 'decision'));
    if (action === 'approve' || action === 'approved' || action === 'reject' || action === 'rejected') {
      return clean<Decision>({
        action: action.startsWith('approve') ? 'approve' : 'reject',
        by: str(pick(d, 'by', 'actor')), at: str(pick(d, 'at', 'decidedAt')), comment: str(d.comment),
      });
    }
  }
  return undefined;
}

export function toDelivery(v: unknown): Delivery {
  const o = obj(v);
  return clean<Delivery>({
    id: str(pick(o, 'id', 'deliveryId')) ?? '',
    utility: str(o.utility) ?? '',
    standard: str(o.standard) ?? '',
    phase: str(o.phase) ?? '',
    round: num(o.round) ?? 1,
    files: arr(o.files).map(toFile),
    status: (str(o.status) ?? 'received') as DeliveryStatus,
    summary: toSummary(o.summary),
    receivedAt: str(pick(o, 'receivedAt', 'createdAt')),
    source: str(pick(o, 'source', 'channel')),
    decision: toDecision(o),
    error: str(o.error),
  });
}

function toIssues(v: unknown): ReportIssue[] {
  return arr(v).map((i) => {
    const o = obj(i);
    return { ...o, examples: arr(o.examples), count: num(o.count) ?? 0 } as unknown as ReportIssue;
  });
}

function toDiffEntries(v: unknown, state: DiffEntry['state']): DiffEntry[] {
  return arr(v).map((e) => {
    const o = obj(e);
    const code = str(o.code) ?? '';
    const fileType = str(o.fileType);
    const column = str(o.column);
    // A plain report issue (an older diff shape) counts as its `count` in the round it belongs to.
    const count = num(o.count) ?? 0;
    return clean<DiffEntry>({
      state, code, fileType, column, key: str(o.key),
      fingerprint: str(o.fingerprint) ?? `${code}|${fileType ?? ''}|${column ?? ''}`,
      severity: str(o.severity) ?? 'error',
      previous: num(o.previous) ?? (state === 'new' ? 0 : count),
      current: num(o.current) ?? (state === 'fixed' ? 0 : count),
    });
  });
}

export function toDiff(v: unknown): IssueDiff {
  const o = obj(v);
  const prev = pick(o, 'previousDeliveryId', 'previous', 'against');
  const p = isObj(prev) ? prev : prev !== undefined ? { id: prev } : undefined;
  const prevId = p ? str(pick(p, 'id', 'deliveryId')) : undefined;
  return clean<IssueDiff>({
    previous: prevId !== undefined && p ? clean<{ id: string; round?: number }>({ id: prevId, round: num(p.round) }) : undefined,
    fixed: toDiffEntries(o.fixed, 'fixed'),
    new: toDiffEntries(pick(o, 'new', 'added'), 'new'),
    open: toDiffEntries(pick(o, 'open', 'stillOpen', 'unchanged'), 'open'),
    notes: arr(o.notes).filter((x): x is string => typeof x === 'string'),
  });
}

/** The decision on a delivery, read from its audit entries when the delivery itself does not carry it. */
export function decisionOf(entries: readonly AuditEntry[]): Decision | undefined {
  const e = [...entries].sort((a, b) => b.at.localeCompare(a.at)).find((x) => x.action === 'approve' || x.action === 'reject');
  if (!e) return undefined;
  return clean<Decision>({ action: e.action === 'approve' ? 'approve' : 'reject', by: e.actor || undefined, at: e.at || undefined, comment: e.comment });
}

function toAudit(v: unknown): AuditEntry {
  const o = obj(v);
  const from = str(o.from);
  const to = str(o.to);
  // The workflow records state changes as from → to; other entries may carry a free detail.
  const detail = pick(o, 'detail', 'details', 'data') ?? (to !== undefined ? `${from ?? '–'} → ${to}` : undefined);
  return clean<AuditEntry>({
    at: str(pick(o, 'at', 'createdAt', 'time')) ?? '',
    actor: str(pick(o, 'actor', 'by', 'user')) ?? '',
    action: str(pick(o, 'action', 'event', 'type')) ?? '',
    delivery: str(pick(o, 'delivery', 'deliveryId')),
    standard: str(pick(o, 'standard', 'feed')),
    comment: str(o.comment),
    detail: detail === undefined ? undefined : typeof detail === 'string' ? detail : JSON.stringify(detail),
  });
}

function toHit(v: unknown): CustomerHit {
  const o = obj(v);
  const sps = pick(o, 'servicePoints', 'servicePointCount');
  return clean<CustomerHit>({
    accountId: str(pick(o, 'accountId', 'account_id', 'id')) ?? '',
    customerId: str(pick(o, 'customerId', 'customer_id')),
    name: str(pick(o, 'name', 'customerName')) || undefined,
    city: str(pick(o, 'city', 'mailCity')),
    activeDate: str(pick(o, 'activeDate', 'active_date')),
    inactiveDate: str(pick(o, 'inactiveDate', 'inactive_date')),
    servicePoints: Array.isArray(sps) ? sps.length : num(sps),
  });
}

const KIND: Record<string, string> = { A: 'Actual', E: 'Estimated', U: 'Customer reported' };

/** yyyyMMdd minus (days - 1): the first day of a read of `days` days ending on `to`. */
function firstDay(to: string, days: number | undefined): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(to);
  if (!m || days === undefined) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - (days - 1) * DAY;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

function toBill(v: unknown, unitOf: (sp: string) => string | undefined, sp?: string): Bill {
  const o = obj(v);
  const servicePointId = str(pick(o, 'servicePointId', 'service_point_id')) ?? sp ?? '';
  const dateTo = str(pick(o, 'dateTo', 'date_to')) ?? '';
  const duration = num(o.duration);
  const est = pick(o, 'isEstimate', 'is_estimate', 'estimated');
  const source = obj(pick(o, 'source', 'lineage'));
  const deliveryId = str(pick(source, 'deliveryId', 'delivery'));
  return clean<Bill>({
    servicePointId, dateTo, duration,
    dateFrom: str(pick(o, 'dateFrom', 'date_from')) ?? firstDay(dateTo, duration),
    usage: num(pick(o, 'usageValue', 'usage_value', 'usage', 'value')),
    unit: str(pick(o, 'unit', 'units', 'meterUnit')) ?? unitOf(servicePointId),
    cost: num(pick(o, 'usageCharge', 'usage_charge', 'cost', 'charge')),
    kind: typeof est === 'boolean' ? (est ? 'Estimated' : 'Actual') : typeof est === 'string' ? KIND[est] ?? est : undefined,
    source: deliveryId === undefined ? undefined : clean<{ deliveryId: string; file?: string; line?: number }>({ deliveryId, file: str(source.file), line: num(source.line) }),
    corrections: arr(o.replaced).length,
  });
}

function toAccount(v: unknown): AccountView {
  const o = obj(v);
  const account = obj(o.account);
  const customer = obj(o.customer);
  const rawSps = arr(o.servicePoints).map(obj);
  const servicePoints = rawSps.map((so) => clean<ServicePoint>({
    id: str(pick(so, 'servicePointId', 'service_point_id', 'id')) ?? '',
    premiseId: str(pick(so, 'premiseId', 'premise_id')),
    address: str(so.address),
    meterType: str(pick(so, 'meterType', 'meter_type')),
    meterUnit: str(pick(so, 'meterUnit', 'meter_unit')),
  }));
  const unitOf = (sp: string): string | undefined => servicePoints.find((x) => x.id === sp)?.meterUnit;
  // Bills come as one list, or nested under each service point.
  const bills = [
    ...arr(pick(o, 'bills', 'billHistory', 'usage', 'reads')).map((b) => toBill(b, unitOf)),
    ...rawSps.flatMap((so, i) => arr(pick(so, 'bills', 'billHistory', 'reads')).map((b) => toBill(b, unitOf, servicePoints[i]?.id))),
  ];
  const daily = [
    ...arr(pick(o, 'daily', 'intervalDaily', 'intervalUsage')).map((x) => [obj(x), undefined] as const),
    ...rawSps.flatMap((so, i) => arr(pick(so, 'daily', 'intervalDaily', 'intervalUsage')).map((x) => [obj(x), servicePoints[i]?.id] as const)),
  ].map(([d, sp]) => clean<DailyUsage>({
    servicePointId: str(pick(d, 'servicePointId', 'service_point_id')) ?? sp ?? '',
    day: str(d.day) ?? '',
    total: num(pick(d, 'total', 'usage')) ?? 0,
    units: str(pick(d, 'units', 'unit')),
  }));
  // Facts: the scalar fields of account and customer (or of the top level when they are not nested).
  const scalar = (x: Obj): [string, unknown][] => Object.entries(x).filter(([, val]) => val !== null && typeof val !== 'object');
  const facts = Object.fromEntries(isObj(o.account) || isObj(o.customer) ? [...scalar(customer), ...scalar(account)] : scalar(o));
  return {
    accountId: str(pick(o, 'accountId', 'account_id', 'id')) ?? str(pick(account, 'accountId', 'account_id', 'id')) ?? '',
    facts, servicePoints, bills, daily,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The client.

export interface UploadProgress {
  readonly loaded: number;
  readonly total: number;
}

export class Api {
  /** `onAuthFailed` is told when the server no longer accepts the token (revoked, expired). */
  constructor(private readonly token: string, private readonly base = '', private readonly onAuthFailed: () => void = () => undefined) {}

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, init);
    if (res.status === 401) this.onAuthFailed();
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.request(method, path, body);
    return res.status === 204 ? undefined : res.json();
  }

  async me(): Promise<Me> {
    const o = obj(await this.json('GET', '/api/me'));
    const role = str(o.role) === 'operator' ? 'operator' : 'utility';
    return clean<Me>({ role, utility: str(pick(o, 'utility', 'utilityCode')) });
  }

  async utilities(): Promise<Utility[]> {
    return list(await this.json('GET', '/api/utilities'), 'utilities').map((u) => toUtility(u));
  }

  /** Every utility with each feed's last delivery, asking for the deliveries where the utility list lacks them. */
  async overview(): Promise<Utility[]> {
    const all = await this.utilities();
    return Promise.all(all.map(async (u) => (u.feeds.every((f) => f.lastDelivery) ? u : withLastDeliveries(u, await this.deliveries(u.code)))));
  }

  async utility(code: string): Promise<Utility> {
    return toUtility(await this.json('GET', `/api/utilities/${enc(code)}`));
  }

  async saveProfile(code: string, profile: Record<string, unknown>): Promise<Record<string, unknown>> {
    const o = obj(await this.json('PUT', `/api/utilities/${enc(code)}/profile`, profile));
    return obj(pick(o, 'profile') ?? o);
  }

  async deliveries(utility: string): Promise<Delivery[]> {
    return list(await this.json('GET', `/api/deliveries?utility=${enc(utility)}`), 'deliveries').map(toDelivery);
  }

  /** Deliveries of every utility the token sees that are in one status (e.g. awaiting review), newest first. */
  async deliveriesIn(status: DeliveryStatus): Promise<Delivery[]> {
    return list(await this.json('GET', `/api/deliveries?status=${enc(status)}`), 'deliveries').map(toDelivery);
  }

  async delivery(id: string): Promise<Delivery> {
    return toDelivery(await this.json('GET', `/api/deliveries/${enc(id)}`));
  }

  async report(id: string): Promise<Report> {
    const o = obj(await this.json('GET', `/api/deliveries/${enc(id)}/report`));
    return {
      ...(o as unknown as Report),
      summary: toSummary(o.summary) ?? { files: 0, rows: 0, errors: 0, warnings: 0, infos: 0, passed: false },
      files: arr(o.files) as Report['files'],
      issues: toIssues(o.issues),
      profile: obj(o.profile),
      truncated: arr(o.truncated).filter((t): t is string => typeof t === 'string'),
    };
  }

  async diff(id: string): Promise<IssueDiff> {
    return toDiff(await this.json('GET', `/api/deliveries/${enc(id)}/diff`));
  }

  async decide(id: string, action: 'approve' | 'reject', comment: string): Promise<Delivery | undefined> {
    const res = await this.json('POST', `/api/deliveries/${enc(id)}/${action}`, { comment });
    return isObj(res) && pick(res, 'id', 'deliveryId') !== undefined ? toDelivery(res) : undefined;
  }

  async audit(code: string): Promise<AuditEntry[]> {
    return list(await this.json('GET', `/api/utilities/${enc(code)}/audit`), 'entries', 'audit').map(toAudit);
  }

  /** The audit entries of one delivery (receipt, validation, decision, load), oldest first as the API sends them. */
  async deliveryAudit(id: string): Promise<AuditEntry[]> {
    return list(await this.json('GET', `/api/deliveries/${enc(id)}/audit`), 'entries', 'audit').map(toAudit);
  }

  async specs(): Promise<StandardSpec[]> {
    return list(await this.json('GET', '/api/specs'), 'specs', 'standards') as StandardSpec[];
  }

  async spec(standard: string): Promise<StandardSpec> {
    return (await this.json('GET', `/api/specs/${enc(standard)}`)) as StandardSpec;
  }

  async customers(code: string, q: string): Promise<CustomerHit[]> {
    const res = await this.json('GET', `/api/utilities/${enc(code)}/customers?q=${enc(q)}`);
    return list(res, 'customers', 'accounts', 'results').map(toHit);
  }

  async account(code: string, accountId: string): Promise<AccountView> {
    return toAccount(await this.json('GET', `/api/utilities/${enc(code)}/accounts/${enc(accountId)}`));
  }

  /** Fetches a file the API serves behind the token, as a Blob to hand to the browser's download. */
  async blob(path: string): Promise<Blob> {
    return (await this.request('GET', path)).blob();
  }

  /**
   * Uploads one delivery's files (multipart). XMLHttpRequest rather than fetch, because only it reports upload
   * progress.
   */
  upload(code: string, files: readonly File[], fields: Record<string, string>, onProgress: (p: UploadProgress) => void): Promise<Delivery> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}/api/utilities/${enc(code)}/deliveries`);
      xhr.setRequestHeader('authorization', `Bearer ${this.token}`);
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload failed: the server could not be reached.'));
      xhr.onload = () => {
        let body: unknown;
        try { body = JSON.parse(xhr.responseText); } catch { body = undefined; }
        if (xhr.status === 401) this.onAuthFailed();
        if (xhr.status >= 200 && xhr.status < 300) {
          const o = obj(body);
          resolve(toDelivery(isObj(o.delivery) ? o.delivery : o));
        } else {
          reject(errorFromBody(xhr.status, body, xhr.statusText));
        }
      };
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const f of files) form.append('files', f, f.name);
      xhr.send(form);
    });
  }
}

const enc = encodeURIComponent;

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown;
  try { body = await res.json(); } catch { body = undefined; }
  return errorFromBody(res.status, body, res.statusText);
}

function errorFromBody(status: number, body: unknown, fallback: string): ApiError {
  const o = obj(body);
  const e = isObj(o.error) ? o.error : o;
  const code = str(pick(e, 'code')) ?? `HTTP_${status}`;
  const message = str(pick(e, 'message', 'error')) ?? (fallback || `Request failed (${status})`);
  return new ApiError(status, code, message);
}
