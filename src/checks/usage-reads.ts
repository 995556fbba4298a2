/**
 * Billed reads per service point (legacy billing usage and full files), legacy-billing.md §6:
 * oldest to newest; the same period twice is a correction (info); an overlapping overwrite ends after the
 * latest read, is longer, and starts where an existing period starts (info); any other overlap is an error.
 * Usage service points must be known from the customer data or the store. With a store context it also checks
 * continuity after the last loaded read (incremental phase).
 *
 * Memory: per service point 16 bytes of typed-array state plus its map entry; per read 8 bytes of history
 * (period and link) in one growable arena — so 10 M reads over 500 k service points stay near 110 MB.
 */
import { dayNumber, formatDay } from '../validate/bytes.js';
import { codeIndex } from '../validate/collector.js';
import { monthOf } from '../validate/months.js';
import type { RowCheck } from './types.js';

const OUT_OF_ORDER = codeIndex('READ_OUT_OF_ORDER');
const CORRECTION = codeIndex('READ_CORRECTION');
const OVERWRITE = codeIndex('READ_OVERLAPPING_OVERWRITE');
const OVERLAP = codeIndex('READ_OVERLAP');
const UNKNOWN_SP = codeIndex('USAGE_UNKNOWN_SERVICE_POINT');
const BEFORE_LOADED = codeIndex('PHASE_READ_BEFORE_LOADED');
const GAP_AFTER_LOADED = codeIndex('PHASE_GAP_AFTER_LOADED');

const DUR_BITS = 512; // duration ≤ 400 fits below 512

/** A growable Int32Array. */
class Grow {
  a: Int32Array;
  constructor(n: number, fill = 0) {
    this.a = new Int32Array(n).fill(fill);
  }
  ensure(n: number, fill = 0): Int32Array {
    if (n > this.a.length) {
      const b = new Int32Array(Math.max(n, this.a.length * 2)).fill(fill);
      b.set(this.a);
      this.a = b;
    }
    return this.a;
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
    const ctxStore = d.context;
    const checkKnown = !setup.fileType.blocks.includes('ServicePoint');
    const profile = d.profile;

    const ids = new Map<string, number>();
    const spIds: string[] = [];
    const lastEnd = new Grow(1024);
    const lastDur = new Grow(1024);
    const head = new Grow(1024, -1);
    const firstDay = new Grow(1024);
    const unitOf: string[] = [];
    let arena = new Int32Array(1 << 16);
    let used = 0;
    let prevIdx = -1;
    const monthCounts = new Map<number, number>();
    const spMonth = new Grow(1024, -1);
    const spMonthCounts = new Map<number, number>();

    const push = (idx: number, d0: number, u: number) => {
      if (used + 2 > arena.length) {
        const b = new Int32Array(arena.length * 2);
        b.set(arena);
        arena = b;
      }
      arena[used] = d0 * DUR_BITS + u;
      arena[used + 1] = head.a[idx] as number;
      head.a[idx] = used;
      used += 2;
    };
    const hasPeriod = (idx: number, d0: number, u: number) => {
      const want = d0 * DUR_BITS + u;
      for (let p = head.a[idx] as number; p >= 0; p = arena[p + 1] as number) if (arena[p] === want) return true;
      return false;
    };
    const hasStart = (idx: number, start: number) => {
      for (let p = head.a[idx] as number; p >= 0; p = arena[p + 1] as number) {
        const v = arena[p] as number;
        const pd = Math.floor(v / DUR_BITS);
        if (pd - (v % DUR_BITS) + 1 === start) return true;
      }
      return false;
    };
    const overlapping = (idx: number, start: number, end: number): number => {
      for (let p = head.a[idx] as number; p >= 0; p = arena[p + 1] as number) {
        const v = arena[p] as number;
        const pd = Math.floor(v / DUR_BITS);
        const ps = pd - (v % DUR_BITS) + 1;
        if (ps <= end && pd >= start) return v;
      }
      return -1;
    };

    return {
      row(r, ctx) {
        if (!r.ok(sp)) return;
        let idx: number;
        if (prevIdx >= 0 && r.sameAsPrevious(sp)) idx = prevIdx;
        else {
          const key = r.str(sp);
          const found = ids.get(key);
          if (found === undefined) {
            idx = spIds.length;
            ids.set(key, idx);
            spIds.push(key);
            lastEnd.ensure(idx + 1);
            lastDur.ensure(idx + 1);
            head.ensure(idx + 1, -1);
            firstDay.ensure(idx + 1);
            spMonth.ensure(idx + 1, -1);
            lastEnd.a[idx] = -1;
            unitOf.push(meterUnit >= 0 ? r.str(meterUnit) : (d.servicePoints.get(key) ?? ''));
            if (checkKnown && !d.servicePoints.has(key) && !(ctxStore.knownServicePoint?.(key) ?? false)) {
              ctx.report(UNKNOWN_SP, sp, () => ({ received: key }));
            }
            const loaded = ctxStore.lastLoadedRead?.(key);
            if (loaded && r.ok(dateTo) && r.ok(duration)) {
              const ld = dayNumber(Number(loaded.dateTo.slice(0, 4)), Number(loaded.dateTo.slice(4, 6)), Number(loaded.dateTo.slice(6, 8)));
              const start = r.num(dateTo) - r.num(duration) + 1;
              const exact = r.num(dateTo) === ld && r.num(duration) === loaded.duration;
              if (r.num(dateTo) <= ld && !exact) ctx.report(BEFORE_LOADED, dateTo, () => ({ received: r.str(dateTo), expected: loaded.dateTo }));
              else if (start > ld + 1) ctx.report(GAP_AFTER_LOADED, dateTo, () => ({ received: formatDay(start), expected: loaded.dateTo }));
            }
          } else idx = found;
          prevIdx = idx;
        }
        if (!r.ok(dateTo) || !r.ok(duration)) return;
        const end = r.num(dateTo);
        const dur = r.num(duration);
        const start = end - dur + 1;
        // Profile: reads per month, estimates, usage by unit.
        profile.reads++;
        d.noteRead(end);
        const month = monthOf(end);
        monthCounts.set(month, (monthCounts.get(month) ?? 0) + 1);
        if (spMonth.a[idx] !== month) {
          spMonth.a[idx] = month;
          spMonthCounts.set(month, (spMonthCounts.get(month) ?? 0) + 1);
        }
        if (estimate >= 0 && r.ok(estimate)) {
          const e = r.num(estimate); // A, E, U in spec order
          if (e === 0) profile.actual++;
          else if (e === 1) profile.estimated++;
          else profile.userReported++;
        }
        if (usage >= 0 && r.ok(usage)) d.usageHistogram(unitOf[idx] ?? '').add(r.num(usage));

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
            if (dur > lu && hasStart(idx, start)) ctx.report(OVERWRITE, dateTo, () => ({ received: period(end, dur) }));
            else ctx.report(OVERLAP, dateTo, () => ({ received: period(end, dur), expected: period(ld, lu) }));
          }
          lastEnd.a[idx] = end;
          lastDur.a[idx] = dur;
          push(idx, end, dur);
          return;
        }
        if ((end === ld && dur === lu) || hasPeriod(idx, end, dur)) {
          ctx.report(CORRECTION, dateTo, () => ({ received: period(end, dur) }));
          return;
        }
        if (end < (firstDay.a[idx] as number)) firstDay.a[idx] = end;
        const other = overlapping(idx, start, end);
        if (other >= 0) {
          const od = Math.floor(other / DUR_BITS);
          ctx.report(OVERLAP, dateTo, () => ({ received: period(end, dur), expected: period(od, other % DUR_BITS) }));
        } else ctx.report(OUT_OF_ORDER, dateTo, () => ({ received: r.str(dateTo), expected: formatDay(ld) }));
        push(idx, end, dur);
      },
      end() {
        for (const [m, n] of monthCounts) profile.readsPerMonth.set(m, (profile.readsPerMonth.get(m) ?? 0) + n);
        for (const [m, n] of spMonthCounts) profile.servicePointsPerMonth.set(m, (profile.servicePointsPerMonth.get(m) ?? 0) + n);
        // First read per account, for the phase checks' per-account history depth.
        for (let i = 0; i < spIds.length; i++) {
          const account = d.spAccounts.get(spIds[i] as string);
          if (account === undefined) continue;
          const info = d.accounts.get(account);
          const f = firstDay.a[i] as number;
          if (info && f > 0 && (info.firstReadDay < 0 || f < info.firstReadDay)) info.firstReadDay = f;
        }
        d.servicePointsWithReads += spIds.length;
        arena = new Int32Array(0);
      },
    };
  },
};
