/**
 * Interval sums against billed usage (spec/DECISIONS.md "Interval": "where billing data is loaded, the sum of
 * intervals over a bill period against the billed usage_value"). Only with a store: the context's async
 * `billedReads` gives the loaded legacy-billing reads; the CLI has none, so nothing is compared there.
 *
 * While a file is read, `BillDays` keeps per service point the local days of its consumption channel (empty
 * service_quantity_identifier; GENERATED and other channels are not billed usage), each one Float64: the day's
 * sum when the whole day is there, NaN otherwise (interval-quality.ts hands the sums over as days close). A log
 * of (service point, sum) costs 12 bytes per service point-day while reading; at the end of the file it is
 * regrouped per service point into 8 bytes per day (one copy, then the log is dropped), plus 20 bytes per
 * service point and 1 per channel. Nothing per row is kept, and nothing at all when the context has no
 * billedReads (the CLI, or a store without loaded bills).
 *
 * After every file is read, `compareBilledUsage` asks the store for the bills of those service points inside
 * the days seen — actual reads only: an estimated bill is expected to differ from what the meter recorded —
 * the days seen, in batches, and compares each bill whose every day is complete: a bill differing from the
 * interval sum by more than `billUsageTolerance` × billed is a mismatch. One warning per service point with
 * the count, on the interval file that holds its consumption channel, describing the first mismatch.
 */
import type { BilledRead } from '../validate/options.js';
import { dayNumber, formatDay } from '../validate/bytes.js';
import type { DeliveryState, IntervalDaySums } from '../validate/delivery-state.js';
import { growFloat64, growInt32, growUint8 } from '../validate/key-table.js';

const NONE = -2147483648;
const MIXED = -2;
/** Service points per billedReads call: bounds the bills held at once. */
export const BILL_BATCH = 5000;

/** The consumption channels' day sums of one interval file. */
export class BillDays {
  // Log of closed days in arrival order.
  private logSp = new Int32Array(1024);
  private logSum = new Float64Array(1024);
  private n = 0;
  // Per service point.
  private firstDay = new Int32Array(256).fill(NONE);
  private days = new Int32Array(256);
  private start = new Int32Array(256);
  private line = new Int32Array(256);
  /** Per service point the unit's enum index + 1 (0: none yet, MIXED: more than one). */
  private unit = new Int32Array(256);
  /** Per channel: 1 for the consumption channel a service point's days are kept for. */
  private consumption = new Uint8Array(256);
  private lastSp = -1;
  /** Whether every service point's days are contiguous in the log (files sorted by service point). */
  private grouped = true;

  /** Registers the consumption channel `ch` of service point `sp`, first read at `line`. */
  addChannel(ch: number, sp: number, line: number): void {
    this.consumption = growUint8(this.consumption, ch + 1);
    this.consumption[ch] = 1;
    const n = sp + 1;
    if (n > this.firstDay.length) {
      this.firstDay = growInt32(this.firstDay, n, NONE);
      this.days = growInt32(this.days, n);
      this.start = growInt32(this.start, n);
      this.line = growInt32(this.line, n);
      this.unit = growInt32(this.unit, n);
    }
    this.line[sp] = line;
  }

  /** Whether channel `ch` is a consumption channel whose days are kept. */
  keeps(ch: number): boolean {
    return ch < this.consumption.length && this.consumption[ch] === 1;
  }

  /** The unit (enum index) of a read of channel `ch` of service point `sp`: cheap when it does not change. */
  unitOf(ch: number, sp: number, u: number): void {
    const k = u + 1;
    const cur = this.unit[sp] as number;
    if (cur === k || cur === MIXED || !this.keeps(ch)) return;
    this.unit[sp] = cur === 0 ? k : MIXED;
  }

  /** One closed day of service point `sp`'s consumption channel: days come in order, none skipped. */
  day(sp: number, day: number, sum: number): void {
    if (this.firstDay[sp] === NONE) {
      this.firstDay[sp] = day;
      this.start[sp] = this.n;
    } else if (sp !== this.lastSp) this.grouped = false;
    this.lastSp = sp;
    this.days[sp] = (this.days[sp] as number) + 1;
    const i = this.n++;
    if (i >= this.logSum.length) {
      this.logSp = growInt32(this.logSp, i + 1);
      this.logSum = growFloat64(this.logSum, i + 1);
    }
    this.logSp[i] = sp;
    this.logSum[i] = sum;
  }

  /** The file's day sums, grouped per service point; `unitNames` are the units column's values. */
  finish(ids: readonly string[], unitNames: readonly string[], report: IntervalDaySums['report']): IntervalDaySums {
    const count = ids.length;
    let sums: Float64Array;
    const start = this.start.slice(0, count);
    if (this.grouped) sums = this.logSum.slice(0, this.n);
    else {
      // Interleaved (e.g. sorted by date): place each service point's days after the previous one's.
      let at = 0;
      for (let sp = 0; sp < count; sp++) {
        start[sp] = at;
        at += this.days[sp] as number;
      }
      const next = start.slice();
      sums = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) {
        const sp = this.logSp[i] as number;
        sums[next[sp]!++] = this.logSum[i] as number;
      }
    }
    this.logSp = new Int32Array(0);
    this.logSum = new Float64Array(0);
    const units = Array.from({ length: count }, (_, sp) => {
      const u = this.unit[sp] as number;
      return u > 0 ? (unitNames[u - 1] ?? '') : '';
    });
    return {
      ids, firstDay: this.firstDay.slice(0, count), days: this.days.slice(0, count), start, sums, units,
      line: this.line.slice(0, count), report,
    };
  }
}

/** Factor from an interval unit to a bill's meter unit, or undefined when they cannot be compared. */
export function unitFactor(interval: string, bill: string): number | undefined {
  if (!interval || !bill) return undefined;
  if (interval === bill) return 1;
  if (interval === 'WH' && bill === 'KWH') return 0.001;
  if (interval === 'KWH' && bill === 'WH') return 1000;
  // The interval standard spells gallons GAL, legacy billing GALLONS: the same unit.
  if ((interval === 'GAL' && bill === 'GALLONS') || (interval === 'GALLONS' && bill === 'GAL')) return 1;
  return undefined;
}

/** Where a service point's days are: file entries and service point indexes, in file order. */
interface Ref {
  readonly file: IntervalDaySums;
  readonly sp: number;
}

/** The interval sum of day `d` in the bill's unit: the latest file holding the day decides; NaN when unknown. */
function daySum(refs: readonly Ref[], d: number, billUnit: string): number {
  for (let i = refs.length - 1; i >= 0; i--) {
    const { file, sp } = refs[i]!;
    const off = d - (file.firstDay[sp] as number);
    if (off < 0 || off >= (file.days[sp] as number)) continue;
    // A later file's day replaces an earlier one's; if the later one is incomplete, the merged day is unknown.
    const f = unitFactor(file.units[sp] ?? '', billUnit);
    return f === undefined ? NaN : (file.sums[(file.start[sp] as number) + off] as number) * f;
  }
  return NaN;
}

function dayOf(yyyymmdd: string): number {
  if (!/^\d{8}$/.test(yyyymmdd)) return NaN;
  return dayNumber(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8)));
}

const dash = (day: number) => {
  const s = formatDay(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};
const num = (v: number) => String(Math.round(v * 1000) / 1000);

/** Compares one service point's bills; reports one finding when any bill is off. */
function judge(id: string, refs: readonly Ref[], bills: readonly BilledRead[], tolerance: number): void {
  let compared = 0;
  let off = 0;
  let first = '';
  const sorted = [...bills].sort((a, b) => a.dateTo.localeCompare(b.dateTo) || a.duration - b.duration);
  for (const b of sorted) {
    const to = dayOf(b.dateTo);
    if (to !== to || !(b.duration >= 1) || !(b.usage > 0)) continue;
    const from = to - b.duration + 1;
    let sum = 0;
    for (let d = from; d <= to && sum === sum; d++) sum += daySum(refs, d, b.unit);
    if (sum !== sum) continue;
    compared++;
    if (Math.abs(sum - b.usage) <= tolerance * b.usage) continue;
    if (off++ === 0) {
      const pct = Math.round(((sum - b.usage) / b.usage) * 1000) / 10;
      first = `${dash(from)} – ${dash(to)}: intervals ${num(sum)} ${b.unit}, billed ${num(b.usage)} ${b.unit} (${pct > 0 ? '+' : ''}${pct} %)`;
    }
  }
  if (off === 0) return;
  const { file, sp } = refs[0]!;
  const pct = Math.round(tolerance * 1000) / 10;
  file.report(file.line[sp] as number, {
    received: id, key: id,
    expected: `${off} of ${compared} bill${compared === 1 ? '' : 's'} (more than ${pct} % apart; first ${first})`,
  });
}

/**
 * After all files of the delivery are read: the interval files' day sums against the loaded bills. Asks the
 * context in batches of BILL_BATCH service points, so only one batch's bills are held at a time.
 */
export async function compareBilledUsage(state: DeliveryState, tolerance: number): Promise<void> {
  const billedReads = state.context.billedReads;
  const files = state.intervalDaySums;
  if (!billedReads || files.length === 0) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (const file of files) {
    for (let sp = 0; sp < file.ids.length; sp++) {
      const n = file.days[sp] as number;
      if (n === 0) continue;
      const first = file.firstDay[sp] as number;
      if (first < lo) lo = first;
      if (first + n - 1 > hi) hi = first + n - 1;
    }
  }
  if (lo > hi) return;
  const within = { from: formatDay(lo), to: formatDay(hi) };
  for (const batch of batches(files)) {
    const bills = await billedReads(batch.map(([id]) => id), within);
    for (const [id, refs] of batch) {
      const list = bills.get(id);
      if (list && list.length > 0) judge(id, refs, list, tolerance);
    }
  }
}

/** Service points with days, BILL_BATCH at a time; one file needs no map from id to its files. */
function* batches(files: readonly IntervalDaySums[]): Generator<Array<[string, Ref[]]>> {
  let batch: Array<[string, Ref[]]> = [];
  if (files.length === 1) {
    const file = files[0]!;
    for (let sp = 0; sp < file.ids.length; sp++) {
      if (file.days[sp] === 0) continue;
      batch.push([file.ids[sp]!, [{ file, sp }]]);
      if (batch.length === BILL_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } else {
    const refs = new Map<string, Ref[]>();
    for (const file of files) {
      for (let sp = 0; sp < file.ids.length; sp++) {
        if (file.days[sp] === 0) continue;
        const id = file.ids[sp]!;
        const list = refs.get(id);
        if (list) list.push({ file, sp });
        else refs.set(id, [{ file, sp }]);
      }
    }
    for (const entry of refs) {
      batch.push(entry);
      if (batch.length === BILL_BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
