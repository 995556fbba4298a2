/**
 * What the files of one delivery learn about each other: the service points the customer data declares, the
 * accounts and their active dates, and the counts the data profile and the phase checks need.
 */
import { KeyTable, reserveInt32, reserveUint8 } from './key-table.js';
import type { DeliveryContext } from './options.js';

export interface AccountInfo {
  activeDay: number;
  /** Day number of inactive_date, or -1 when active. */
  inactiveDay: number;
  readCycle: string;
  zip5: string;
  /** Earliest date_to day seen for the account's service points (-1: none). */
  firstReadDay: number;
}

/** Interval files: the local days each service point's reads span (phase checks). */
export interface IntervalSpans {
  readonly ids: readonly string[];
  readonly firstDay: Int32Array;
  readonly lastDay: Int32Array;
}

/**
 * Interval files, when the context can give billed reads: per service point the consumption channel's local
 * days, each the sum of its values when the day is complete and NaN otherwise (checks/interval-bills.ts).
 */
export interface IntervalDaySums {
  readonly ids: readonly string[];
  /** Per service point: its first recorded local day, the number of days and where they start in `sums`. */
  readonly firstDay: Int32Array;
  readonly days: Int32Array;
  readonly start: Int32Array;
  readonly sums: Float64Array;
  /** Per service point: the unit of its consumption rows ('' when unknown or mixed). */
  readonly units: readonly string[];
  /** Per service point: the line of its first consumption read. */
  readonly line: Int32Array;
  /** Adds a finding to the file's issues (after the file was read). */
  report(line: number, occ: { received: string; key: string; expected: string }): void;
}

/**
 * Accounts of the delivery in typed arrays (about 60 bytes per account instead of a Map entry, an object and
 * its strings). Reads and writes go through the arrays in the hot path; `get`, `values` and iteration hand out
 * live AccountInfo views for the phase checks and the profile, so it reads like a Map<string, AccountInfo>.
 */
export class AccountTable {
  /** account_id bytes → index; the ids are kept (phase checks name accounts). */
  readonly ids = new KeyTable(true);
  /** 1 when the account has its record (an active date was read). */
  present = new Uint8Array(1024);
  activeDay = new Int32Array(1024);
  inactiveDay = new Int32Array(1024);
  firstReadDay = new Int32Array(1024);
  /** Index into `texts` (+1; 0 for none) of the read cycle and the 5-digit ZIP. */
  readCycle = new Int32Array(1024);
  zip5 = new Int32Array(1024);
  /** Distinct short texts (read cycles, ZIP codes), kept once each. */
  readonly texts = new KeyTable(true);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Index of an account id given as bytes, made room for in every array. */
  intern(buf: Uint8Array, s: number, e: number): number {
    const i = this.ids.internBytes(buf, s, e);
    if (this.ids.added) this.ensure(i + 1);
    return i;
  }

  /** intern() with the id's fingerprint computed before (key-table.ts). */
  internFingerprint(a: number, b: number, buf: Uint8Array, s: number, e: number): number {
    const i = this.ids.internBytesFingerprint(a, b, buf, s, e);
    if (this.ids.added) this.ensure(i + 1);
    return i;
  }

  /** Marks account i as having its record. */
  create(i: number, activeDay: number): void {
    if (this.present[i] === 1) return;
    this.present[i] = 1;
    this.count++;
    this.activeDay[i] = activeDay;
    this.inactiveDay[i] = -1;
    this.firstReadDay[i] = -1;
  }

  /** Index + 1 of a short text (0 for the empty text). */
  text(buf: Uint8Array, s: number, e: number): number {
    return e > s ? this.texts.internBytes(buf, s, e) + 1 : 0;
  }

  textAt(t: number): string {
    return t > 0 ? this.texts.keyAt(t - 1) : '';
  }

  has(id: string): boolean {
    const i = this.ids.findString(id);
    return i >= 0 && this.present[i] === 1;
  }

  get(id: string): AccountInfo | undefined {
    const i = this.ids.findString(id);
    return i >= 0 && this.present[i] === 1 ? this.view(i) : undefined;
  }

  /** Adds or replaces an account given as text (tests and callers outside the hot path). */
  set(id: string, info: AccountInfo): this {
    const b = Buffer.from(id);
    const i = this.intern(b, 0, b.length);
    this.create(i, info.activeDay);
    const v = this.view(i);
    v.activeDay = info.activeDay;
    v.inactiveDay = info.inactiveDay;
    v.firstReadDay = info.firstReadDay;
    v.readCycle = info.readCycle;
    v.zip5 = info.zip5;
    return this;
  }

  *entries(): IterableIterator<[string, AccountInfo]> {
    for (let i = 0; i < this.ids.size; i++) if (this.present[i] === 1) yield [this.ids.keyAt(i), this.view(i)];
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<AccountInfo> {
    for (let i = 0; i < this.ids.size; i++) if (this.present[i] === 1) yield this.view(i);
  }

  [Symbol.iterator](): IterableIterator<[string, AccountInfo]> {
    return this.entries();
  }

  /** Makes room for n accounts in all (KeyTable.reserve). */
  reserve(n: number): void {
    this.ids.reserve(n);
    this.room(n);
  }

  /** Room for account n - 1 in every array: doubling, as each new account comes. */
  private ensure(n: number): void {
    if (n > this.present.length) this.room(Math.max(n, this.present.length * 2, 16));
  }

  /** Every array with room for exactly n accounts, or as it is when it has. */
  private room(n: number): void {
    this.present = reserveUint8(this.present, n);
    this.activeDay = reserveInt32(this.activeDay, n);
    this.inactiveDay = reserveInt32(this.inactiveDay, n, -1);
    this.firstReadDay = reserveInt32(this.firstReadDay, n, -1);
    this.readCycle = reserveInt32(this.readCycle, n);
    this.zip5 = reserveInt32(this.zip5, n);
  }

  /** A live view of account i: reads and writes go to the arrays. */
  private view(i: number): AccountInfo {
    return new AccountView(this, i);
  }
}

/** AccountInfo over the AccountTable's arrays (one small object, made only outside the hot path). */
class AccountView implements AccountInfo {
  constructor(private readonly t: AccountTable, private readonly i: number) {}
  get activeDay(): number { return this.t.activeDay[this.i] as number; }
  set activeDay(v: number) { this.t.activeDay[this.i] = v; }
  get inactiveDay(): number { return this.t.inactiveDay[this.i] as number; }
  set inactiveDay(v: number) { this.t.inactiveDay[this.i] = v; }
  get firstReadDay(): number { return this.t.firstReadDay[this.i] as number; }
  set firstReadDay(v: number) { this.t.firstReadDay[this.i] = v; }
  get readCycle(): string { return this.t.textAt(this.t.readCycle[this.i] as number); }
  set readCycle(v: string) { this.t.readCycle[this.i] = v ? this.t.texts.internString(v) + 1 : 0; }
  get zip5(): string { return this.t.textAt(this.t.zip5[this.i] as number); }
  set zip5(v: string) { this.t.zip5[this.i] = v ? this.t.texts.internString(v) + 1 : 0; }
}

/**
 * Service points of the delivery: one index per id seen in any file (customer data or reads), with what the
 * customer data declares about it. Checks index their own per-file state by the same index.
 */
export class ServicePointTable {
  readonly ids = new KeyTable();
  /** 1 when the customer data (or the store, through the context) declares the service point. */
  declared = new Uint8Array(1024);
  /** Index + 1 into `units` of its meter_unit (0: unknown). */
  unit = new Uint8Array(1024);
  /** Index of its account in the AccountTable, or -1. */
  account = new Int32Array(1024).fill(-1);
  /** Distinct meter units, in order of first sight. */
  readonly units: string[] = [];
  private declaredCount = 0;

  constructor(private readonly accounts: AccountTable) {}

  /** Declared service points (as a Map's size). */
  get size(): number {
    return this.declaredCount;
  }

  intern(buf: Uint8Array, s: number, e: number): number {
    return this.made(this.ids.internBytes(buf, s, e));
  }

  /** intern() with the id's fingerprint computed before (key-table.ts). */
  internFingerprint(a: number, b: number): number {
    return this.made(this.ids.internFingerprint(a, b));
  }

  /** Makes room for n service points in all (KeyTable.reserve). */
  reserve(n: number): void {
    this.ids.reserve(n);
    this.room(n);
  }

  /** Makes room for service point i in every array when it was just added (doubling). */
  private made(i: number): number {
    if (this.ids.added && i >= this.declared.length) this.room(Math.max(i + 1, this.declared.length * 2, 16));
    return i;
  }

  /** Every array with room for exactly n service points, or as it is when it has. */
  private room(n: number): void {
    this.declared = reserveUint8(this.declared, n);
    this.unit = reserveUint8(this.unit, n);
    this.account = reserveInt32(this.account, n, -1);
  }

  declare(i: number): void {
    if (this.declared[i] === 1) return;
    this.declared[i] = 1;
    this.declaredCount++;
  }

  /** Index + 1 of a unit's text (0 for none). */
  unitIndex(unit: string): number {
    if (!unit) return 0;
    let u = this.units.indexOf(unit);
    if (u < 0) u = this.units.push(unit) - 1;
    return u + 1;
  }

  unitText(i: number): string {
    const u = this.unit[i] as number;
    return u > 0 ? (this.units[u - 1] as string) : '';
  }

  // Map-like access by text, for callers outside the hot path.
  has(id: string): boolean {
    const i = this.ids.findString(id);
    return i >= 0 && this.declared[i] === 1;
  }

  get(id: string): string | undefined {
    const i = this.ids.findString(id);
    return i >= 0 && this.declared[i] === 1 ? this.unitText(i) : undefined;
  }

  set(id: string, unit: string): this {
    const b = Buffer.from(id);
    const i = this.intern(b, 0, b.length);
    this.declare(i);
    this.unit[i] = this.unitIndex(unit);
    return this;
  }

  /** The account id of a service point (as the former spAccounts map). */
  accountOf(id: string): string | undefined {
    const i = this.ids.findString(id);
    const a = i >= 0 ? (this.account[i] as number) : -1;
    return a >= 0 ? this.accounts.ids.keyAt(a) : undefined;
  }
}

export class DeliveryState {
  readonly accounts = new AccountTable();
  /** service_point_id → meter_unit and account; see ServicePointTable. */
  readonly servicePoints = new ServicePointTable(this.accounts);
  /** service_point_id → account id (a view of servicePoints). */
  readonly spAccounts = {
    get: (sp: string): string | undefined => this.servicePoints.accountOf(sp),
    set: (sp: string, account: string): void => {
      const b = Buffer.from(sp);
      const a = Buffer.from(account);
      this.servicePoints.account[this.servicePoints.intern(b, 0, b.length)] = this.accounts.intern(a, 0, a.length);
    },
  };
  /** Distinct customer ids (fingerprints only: the profile needs their number). */
  readonly customers = new KeyTable();
  /** Customer ids counted before the table was let go (closeCustomerIds). */
  private customersBefore = 0;

  /** Distinct customer ids of the delivery. */
  get customerCount(): number {
    return this.customersBefore + this.customers.size;
  }

  /**
   * No file still to be read has customer ids: keep their number and give the table back (12 MB for 500 k
   * customers, held otherwise while the usage file builds its own state). Ids added afterwards would be counted
   * again, so the delivery calls this only when no later file has a customer_id column.
   */
  closeCustomerIds(): void {
    this.customersBefore += this.customers.size;
    this.customers.clear();
  }
  /** Whether any customer data (customer or full file) is part of the delivery. */
  hasCustomerData = false;
  /** Earliest and latest read end days over the delivery (-1: none). */
  minReadDay = -1;
  maxReadDay = -1;
  /** Profile accumulators filled by checks; rendered into report.profile. */
  readonly profile = new DataProfile();
  /** Service points that have reads in the delivery. */
  servicePointsWithReads = 0;
  /** One entry per interval file. */
  readonly intervalSpans: IntervalSpans[] = [];
  /** One entry per interval file whose day sums were kept (only when the context has billedReads). */
  readonly intervalDaySums: IntervalDaySums[] = [];

  usageHistogram(unit: string): UsageHistogram {
    const key = unit || 'unknown';
    let h = this.profile.usageByUnit.get(key);
    if (!h) this.profile.usageByUnit.set(key, (h = new UsageHistogram()));
    return h;
  }

  constructor(readonly context: DeliveryContext) {}

  noteRead(day: number): void {
    if (this.minReadDay < 0 || day < this.minReadDay) this.minReadDay = day;
    if (day > this.maxReadDay) this.maxReadDay = day;
  }
}

/** Log-scale histogram bounds for usage values (per unit). */
const BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 1e6, Infinity];

export class UsageHistogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  n = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;

  add(v: number): void {
    this.n++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    // Below 1 (most interval reads): the first bucket, without the search's unpredictable branches.
    if (v < 1) {
      this.counts[0] = (this.counts[0] as number) + 1;
      return;
    }
    // Binary search for the last bound ≤ v (values below 0 land in the first bucket).
    let lo = 0;
    let hi = BUCKETS.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (v >= (BUCKETS[mid] as number)) lo = mid;
      else hi = mid - 1;
    }
    this.counts[lo] = (this.counts[lo] as number) + 1;
  }

  /** Approximate quantile from the histogram (the bucket's upper bound, capped by the max). */
  quantile(q: number): number {
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= q * this.n) return Math.min(BUCKETS[i + 1] ?? this.max, this.max);
    }
    return this.max;
  }

  toJSON(): Record<string, unknown> {
    return {
      count: this.n,
      min: this.n ? this.min : null,
      max: this.n ? this.max : null,
      mean: this.n ? this.sum / this.n : null,
      p50: this.n ? this.quantile(0.5) : null,
      p95: this.n ? this.quantile(0.95) : null,
      histogram: this.counts.map((count, i) => ({ from: BUCKETS[i], to: Number.isFinite(BUCKETS[i + 1] ?? Infinity) ? BUCKETS[i + 1] : null, count })).filter((b) => b.count > 0),
    };
  }
}

export class DataProfile {
  reads = 0;
  /** month index (see months.ts) → reads ending in that month. */
  readonly readsPerMonth = new Map<number, number>();
  /** yyyy-MM → distinct service points read in that month (counted on first read of the sp in the month). */
  readonly servicePointsPerMonth = new Map<number, number>();
  actual = 0;
  estimated = 0;
  userReported = 0;
  readonly usageByUnit = new Map<string, UsageHistogram>();
  /** Free-form sections other checks add (interval profile). */
  readonly extra: Record<string, unknown> = {};
}
