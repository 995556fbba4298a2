/**
 * Billed reads per service point (legacy billing usage and full files), legacy-billing.md §6:
 * oldest to newest; the same period twice is a correction (info); an overlapping overwrite ends after the
 * latest read, is longer, and starts where an existing period starts (info); any other overlap is an error.
 * Usage service points must be known from the customer data or the store. With a store context it also checks
 * continuity after the last loaded read (incremental phase).
 *
 * Memory: per service point about 21 bytes of typed-array state in this file plus its entry in the delivery's
 * ServicePointTable (about 33 bytes); per read 4 bytes of history in a file sorted by service point (8 when
 * the previous read of the service point is elsewhere), in pages that are never copied — so 10 M sorted reads
 * over 500 k service points hold about 60 MB here.
 */
import { dayNumber, formatDay } from '../validate/bytes.js';
import { codeIndex } from '../validate/collector.js';
import { monthOf } from '../validate/months.js';
import { growInt32, growUint8 } from '../validate/key-table.js';
import type { UsageHistogram } from '../validate/delivery-state.js';
import type { CheckContext, RowCheck, RowView } from './types.js';

const OUT_OF_ORDER = codeIndex('READ_OUT_OF_ORDER');
const CORRECTION = codeIndex('READ_CORRECTION');
const OVERWRITE = codeIndex('READ_OVERLAPPING_OVERWRITE');
const OVERLAP = codeIndex('READ_OVERLAP');
const UNKNOWN_SP = codeIndex('USAGE_UNKNOWN_SERVICE_POINT');
const BEFORE_LOADED = codeIndex('PHASE_READ_BEFORE_LOADED');
const GAP_AFTER_LOADED = codeIndex('PHASE_GAP_AFTER_LOADED');

const DUR_BITS = 512; // duration ≤ 400 fits below 512
const NONE = -1;

/** A growable Int32Array. */
class Grow {
  a: Int32Array;
  constructor(n: number, private readonly fill = 0) {
    this.a = new Int32Array(n).fill(fill);
  }
  ensure(n: number): Int32Array {
    if (n > this.a.length) this.a = growInt32(this.a, n, this.fill);
    return this.a;
  }
}

/** Flags on a history entry's value: its link is implicit (the entry just before it), of one or two Int32. */
const IMPLICIT = 1 << 30;
const PREV2 = 1 << 29;
const VALUE = PREV2 - 1;

/**
 * Every read's period with a link to the service point's previous read, in pages of 2²⁰ Int32 that are never
 * copied while they grow. In a file sorted by service point the previous read is the entry just before, so
 * the link is implicit and the entry is one Int32 (4 bytes per read); otherwise it is two (8 bytes).
 * Periods (end day × 512 + duration) stay below 2²⁹, which leaves the two top bits for the flags.
 */
export class History {
  private readonly pages: Int32Array[] = [];
  private used = 0;
  private last = -1;
  private lastLen = 0;

  push(value: number, link: number): number {
    let at = this.used;
    const implicit = link >= 0 && link === this.last && at === this.last + this.lastLen;
    const len = implicit ? 1 : 2;
    // An entry never straddles two pages.
    if (len === 2 && (at & 0xfffff) === 0xfffff) at++;
    const page = at >>> 20;
    while (page >= this.pages.length) this.pages.push(new Int32Array(1 << 20));
    const p = this.pages[page] as Int32Array;
    if (implicit) p[at & 0xfffff] = value | IMPLICIT | (this.lastLen === 2 ? PREV2 : 0);
    else {
      p[at & 0xfffff] = value;
      p[(at & 0xfffff) + 1] = link;
    }
    this.last = at;
    this.lastLen = len;
    this.used = at + len;
    return at;
  }

  value(at: number): number {
    return ((this.pages[at >>> 20] as Int32Array)[at & 0xfffff] as number) & VALUE;
  }

  link(at: number): number {
    const v = (this.pages[at >>> 20] as Int32Array)[at & 0xfffff] as number;
    if (v & IMPLICIT) return at - (v & PREV2 ? 2 : 1);
    return (this.pages[at >>> 20] as Int32Array)[(at & 0xfffff) + 1] as number;
  }

  /** Bytes held by the pages. */
  get bytes(): number {
    return this.pages.length * 4 * (1 << 20);
  }

  clear(): void {
    this.pages.length = 0;
    this.used = 0;
    this.last = -1;
    this.lastLen = 0;
  }
}

function period(d: number, u: number): string {
  return `${formatDay(d - u + 1)}–${formatDay(d)} (${u} days)`;
}

export const usageReads: RowCheck = {
  id: 'usage-reads',
  codes: ['READ_OUT_OF_ORDER', 'READ_CORRECTION', 'READ_OVERLAPPING_OVERWRITE', 'READ_OVERLAP', 'USAGE_UNKNOWN_SERVICE_POINT', 'PHASE_READ_BEFORE_LOADED', 'PHASE_GAP_AFTER_LOADED'],
  forFile(setup) {
    const sp = setup.col('service_point_id');
    const dateTo = setup.col('date_to');
    const duration = setup.col('duration');
    if (sp < 0 || dateTo < 0 || duration < 0) return null;
    const usage = setup.col('usage_value');
    const estimate = setup.col('is_estimate');
    const meterUnit = setup.col('meter_unit');
    const d = setup.delivery;
    const sps = d.servicePoints;
    const ctxStore = d.context;
    const checkKnown = !setup.fileType.blocks.includes('ServicePoint');
    const profile = d.profile;

    // Per service point (indexed as in the delivery's ServicePointTable), for this file. Sized for the service
    // points known so far (the customer data's), so that they never double while the file is read: doubling
    // 500 k entries held the old and the new copies of five arrays at once (10 MB more at the peak).
    const known = Math.max(1024, sps.ids.size + 1024);
    const lastEnd = new Grow(known, NONE);
    const lastDur = new Grow(known);
    const head = new Grow(known, NONE);
    const firstDay = new Grow(known);
    const spMonth = new Grow(known, NONE);
    /** Histogram index + 1 of the service point's unit; 0 when not yet seen in this file. */
    let histOf = new Uint8Array(known);
    const hists: UsageHistogram[] = [];
    const histIndex = new Map<string, number>();
    let seen = 0;
    const history = new History();
    let prevIdx = -1;
    // Month index − MONTH0 → count; months outside 1800–2199 never get here (dates are checked first).
    const MONTH0 = 1800 * 12;
    const monthCounts = new Float64Array(400 * 12);
    const spMonthCounts = new Float64Array(400 * 12);

    const hasPeriod = (idx: number, d0: number, u: number) => {
      const want = d0 * DUR_BITS + u;
      for (let p = head.a[idx] as number; p >= 0; p = history.link(p)) if (history.value(p) === want) return true;
      return false;
    };
    const hasStart = (idx: number, start: number) => {
      for (let p = head.a[idx] as number; p >= 0; p = history.link(p)) {
        const v = history.value(p);
        const pd = Math.floor(v / DUR_BITS);
        if (pd - (v % DUR_BITS) + 1 === start) return true;
      }
      return false;
    };
    const overlapping = (idx: number, start: number, end: number): number => {
      for (let p = head.a[idx] as number; p >= 0; p = history.link(p)) {
        const v = history.value(p);
        const pd = Math.floor(v / DUR_BITS);
        const ps = pd - (v % DUR_BITS) + 1;
        if (ps <= end && pd >= start) return v;
      }
      return -1;
    };
    const push = (idx: number, end: number, dur: number) => {
      head.a[idx] = history.push(end * DUR_BITS + dur, head.a[idx] as number);
    };
    const histFor = (unit: string): number => {
      let h = histIndex.get(unit);
      if (h === undefined) {
        h = hists.push(d.usageHistogram(unit)) - 1;
        histIndex.set(unit, h);
      }
      return h + 1;
    };

    // Reports live outside row(): a closure there would make V8 allocate its captured variables on every row.
    const reportPeriod = (ctx: CheckContext, code: number, end: number, dur: number, otherEnd: number, otherDur: number) =>
      ctx.report(code, dateTo, () => (otherEnd >= 0 ? { received: period(end, dur), expected: period(otherEnd, otherDur) } : { received: period(end, dur) }));
    const reportOutOfOrder = (r: RowView, ctx: CheckContext, ld: number) =>
      ctx.report(OUT_OF_ORDER, dateTo, () => ({ received: r.str(dateTo), expected: formatDay(ld) }));

    /** First row of a service point in this file: its index, unit, and the checks against the customer data and the store. */
    const firstSight = (r: RowView, ctx: CheckContext, idx: number) => {
      seen++;
      lastEnd.ensure(idx + 1);
      lastDur.ensure(idx + 1);
      head.ensure(idx + 1);
      firstDay.ensure(idx + 1);
      spMonth.ensure(idx + 1);
      histOf[idx] = histFor(meterUnit >= 0 ? r.str(meterUnit) : sps.unitText(idx));
      if (checkKnown && sps.declared[idx] !== 1 && !(ctxStore.knownServicePoint?.(r.str(sp)) ?? false)) {
        ctx.report(UNKNOWN_SP, sp, () => ({ received: r.str(sp) }));
      }
      const loaded = ctxStore.lastLoadedRead?.(r.str(sp));
      if (loaded && r.ok(dateTo) && r.ok(duration)) {
        const ld = dayNumber(Number(loaded.dateTo.slice(0, 4)), Number(loaded.dateTo.slice(4, 6)), Number(loaded.dateTo.slice(6, 8)));
        const start = r.num(dateTo) - r.num(duration) + 1;
        const exact = r.num(dateTo) === ld && r.num(duration) === loaded.duration;
        if (r.num(dateTo) <= ld && !exact) ctx.report(BEFORE_LOADED, dateTo, () => ({ received: r.str(dateTo), expected: loaded.dateTo }));
        else if (start > ld + 1) ctx.report(GAP_AFTER_LOADED, dateTo, () => ({ received: formatDay(start), expected: loaded.dateTo }));
      }
    };

    return {
      // The fast lane compares the service point with the line before's while reading it (sorted files).
      repeats: [sp],
      row(r, ctx) {
        // The row's arrays, read directly (field c at b + c): cheaper than a view call per field on every row.
        const b = r.base;
        const O = r.flags;
        const V = r.values;
        if (O[b + sp] !== 1) return;
        let idx: number;
        // Sorted files: the same service point as the row before, without a look-up.
        if (prevIdx >= 0 && r.sameAsPrevious(sp)) idx = prevIdx;
        else {
          idx = sps.intern(r.buf, r.start(sp), r.end(sp));
          if (idx >= histOf.length) histOf = growUint8(histOf, idx + 1);
          if (histOf[idx] === 0) firstSight(r, ctx, idx);
          prevIdx = idx;
        }
        if (O[b + dateTo] !== 1 || O[b + duration] !== 1) return;
        // Whole numbers: `| 0` keeps them as small integers, so no number is boxed on the heap per row.
        const end = (V[b + dateTo] as number) | 0;
        const dur = (V[b + duration] as number) | 0;
        const start = end - dur + 1;
        // Profile: reads per month, estimates, usage by unit.
        profile.reads++;
        d.noteRead(end);
        const month = monthOf(end);
        monthCounts[month - MONTH0] = (monthCounts[month - MONTH0] as number) + 1;
        if (spMonth.a[idx] !== month) {
          spMonth.a[idx] = month;
          spMonthCounts[month - MONTH0] = (spMonthCounts[month - MONTH0] as number) + 1;
        }
        if (estimate >= 0 && O[b + estimate] === 1) {
          const e = (V[b + estimate] as number) | 0; // A, E, U in spec order
          if (e === 0) profile.actual++;
          else if (e === 1) profile.estimated++;
          else profile.userReported++;
        }
        if (usage >= 0 && O[b + usage] === 1) (hists[(histOf[idx] as number) - 1] as UsageHistogram).add(V[b + usage] as number);

        const ld = lastEnd.a[idx] as number;
        if (ld < 0) {
          firstDay.a[idx] = end;
          lastEnd.a[idx] = end;
          lastDur.a[idx] = dur;
          push(idx, end, dur);
          return;
        }
        const lu = lastDur.a[idx] as number;
        if (end > ld) {
          if (start <= ld) {
            if (dur > lu && hasStart(idx, start)) reportPeriod(ctx, OVERWRITE, end, dur, -1, 0);
            else reportPeriod(ctx, OVERLAP, end, dur, ld, lu);
          }
          lastEnd.a[idx] = end;
          lastDur.a[idx] = dur;
          push(idx, end, dur);
          return;
        }
        if ((end === ld && dur === lu) || hasPeriod(idx, end, dur)) {
          reportPeriod(ctx, CORRECTION, end, dur, -1, 0);
          return;
        }
        if (end < (firstDay.a[idx] as number)) firstDay.a[idx] = end;
        const other = overlapping(idx, start, end);
        if (other >= 0) {
          reportPeriod(ctx, OVERLAP, end, dur, Math.floor(other / DUR_BITS), other % DUR_BITS);
        } else reportOutOfOrder(r, ctx, ld);
        push(idx, end, dur);
      },
      end() {
        for (let m = 0; m < monthCounts.length; m++) {
          const n = monthCounts[m] as number;
          if (n > 0) profile.readsPerMonth.set(m + MONTH0, (profile.readsPerMonth.get(m + MONTH0) ?? 0) + n);
          const k = spMonthCounts[m] as number;
          if (k > 0) profile.servicePointsPerMonth.set(m + MONTH0, (profile.servicePointsPerMonth.get(m + MONTH0) ?? 0) + k);
        }
        // First read per account, for the phase checks' per-account history depth.
        const accounts = d.accounts;
        const n = Math.min(lastEnd.a.length, sps.ids.size);
        for (let i = 0; i < n; i++) {
          if ((lastEnd.a[i] as number) < 0) continue;
          const a = sps.account[i] as number;
          if (a < 0 || accounts.present[a] !== 1) continue;
          const f = firstDay.a[i] as number;
          const was = accounts.firstReadDay[a] as number;
          if (f > 0 && (was < 0 || f < was)) accounts.firstReadDay[a] = f;
        }
        d.servicePointsWithReads += seen;
        // The per-file state is done with: give its memory back before the next file is read.
        history.clear();
        for (const g of [lastEnd, lastDur, head, firstDay, spMonth]) g.a = new Int32Array(0);
        histOf = new Uint8Array(0);
      },
    };
  },
};
