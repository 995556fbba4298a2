/**
 * What the files of one delivery learn about each other: the service points the customer data declares, the
 * accounts and their active dates, and the counts the data profile and the phase checks need.
 */
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

export class DeliveryState {
  /** service_point_id → meter_unit (or '' when unknown). */
  readonly servicePoints = new Map<string, string>();
  /** service_point_id → account ids, for per-account history checks. */
  readonly spAccounts = new Map<string, string>();
  readonly accounts = new Map<string, AccountInfo>();
  readonly customers = new Set<string>();
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
    let i = 0;
    while (i < BUCKETS.length - 1 && v >= (BUCKETS[i + 1] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
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
