/**
 * Local wall-clock days of one IANA time zone, for interval end times. Intl is asked once per calendar year
 * (one probe per day plus a binary search per transition); each day's facts are then cached in typed arrays
 * by day number, so checking a row costs two comparisons and no Intl, Date or string.
 *
 * A day's facts: the offset in force before and after its transition (equal on ordinary days), and the local
 * minutes of the day that each offset can label. With the transition at instant T:
 *   - a local time w can carry the "before" offset when w < T + before  (`beforeUntil`),
 *   - and the "after" offset when w ≥ T + after                       (`afterFrom`).
 * Spring forward (after > before): local times in [beforeUntil, afterFrom) do not exist.
 * Fall back (after < before): local times in [afterFrom, beforeUntil) happen twice.
 * At the transition instant itself the clock already shows the new offset (as Intl and ISO 8601 do), so in
 * New York on 2024-11-03 the interval ending 06:00Z is labelled 01:00 -05:00, and on 2024-03-10 the interval
 * ending 07:00Z is labelled 03:00 -04:00. Offsets are whole minutes (older local mean times are rounded).
 */
import { dayNumber } from './bytes.js';

const FIRST_DAY = dayNumber(1800, 1, 1);
const LAST_DAY = dayNumber(2200, 1, 1);
const DAYS = LAST_DAY - FIRST_DAY + 2;
/** Day number of 1970-01-01 (day numbers count from 1800-01-01). */
const UNIX_DAY = dayNumber(1970, 1, 1);
/** A minute of the day no time reaches: "this offset is valid all day" / "never". */
export const ALL_DAY = 1 << 20;

interface Transition {
  /** Instant, in minutes since 1970-01-01T00:00Z. */
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

interface YearInfo {
  /** Offset in force at the first instant of the year (UTC). */
  readonly start: number;
  readonly transitions: readonly Transition[];
}

export class TimeZoneDays {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly years = new Map<number, YearInfo>();
  private readonly known = new Uint8Array(DAYS);
  private readonly before = new Int16Array(DAYS);
  private readonly after = new Int16Array(DAYS);
  private readonly beforeUntilArr = new Int32Array(DAYS);
  private readonly afterFromArr = new Int32Array(DAYS);

  /** Facts of the day last passed to `select` (read these fields; no object is returned). */
  offBefore = 0;
  offAfter = 0;
  beforeUntil = ALL_DAY;
  afterFrom = ALL_DAY;

  constructor(readonly zone: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  /** Loads the facts of day `day` (a day number) into the public fields. */
  select(day: number): void {
    const i = day - FIRST_DAY;
    if (i < 0 || i >= DAYS) {
      this.offBefore = this.offAfter = 0;
      this.beforeUntil = ALL_DAY;
      this.afterFrom = ALL_DAY;
      return;
    }
    if (this.known[i] === 0) this.compute(day, i);
    this.offBefore = this.before[i] as number;
    this.offAfter = this.after[i] as number;
    this.beforeUntil = this.beforeUntilArr[i] as number;
    this.afterFrom = this.afterFromArr[i] as number;
  }

  /** The instant (minutes since 1800-01-01T00:00Z) at which local day `day` starts. */
  dayStart(day: number): number {
    this.select(day);
    return day * 1440 - (0 < this.beforeUntil ? this.offBefore : this.offAfter);
  }

  /** Length of the local day in minutes: 1440, or 1380 / 1500 on New York's daylight-saving days. */
  dayMinutes(day: number): number {
    return this.dayStart(day + 1) - this.dayStart(day);
  }

  /**
   * The instant of a local time `minute` of `day`, or NaN when it does not exist; an ambiguous time resolves
   * to its first occurrence (the earlier instant).
   */
  instant(day: number, minute: number): number {
    this.select(day);
    if (minute < this.beforeUntil) return day * 1440 + minute - this.offBefore;
    if (minute >= this.afterFrom) return day * 1440 + minute - this.offAfter;
    return NaN;
  }

  private compute(day: number, i: number): void {
    const w0 = (day - UNIX_DAY) * 1440;
    let tr: Transition | undefined;
    for (const t of this.transitionsNear(w0)) {
      const wb = t.at + t.before - w0;
      const wa = t.at + t.after - w0;
      if (Math.max(wb, wa) > 0 && Math.min(wb, wa) < 1440) tr = t;
    }
    if (tr) {
      this.before[i] = tr.before;
      this.after[i] = tr.after;
      this.beforeUntilArr[i] = tr.at + tr.before - w0;
      this.afterFromArr[i] = tr.at + tr.after - w0;
    } else {
      // No transition touches this day's local times: one offset labels all of them.
      let o = this.offsetAt(w0 + 720);
      o = this.offsetAt(w0 + 720 - o);
      this.before[i] = o;
      this.after[i] = o;
      this.beforeUntilArr[i] = ALL_DAY;
      this.afterFromArr[i] = ALL_DAY;
    }
    this.known[i] = 1;
  }

  private transitionsNear(w0: number): Transition[] {
    const out: Transition[] = [];
    const y = new Date(w0 * 60000).getUTCFullYear();
    for (const yy of [y - 1, y, y + 1]) {
      for (const t of this.year(yy).transitions) if (t.at > w0 - 2880 && t.at < w0 + 4320) out.push(t);
    }
    return out;
  }

  /** Offset (minutes east of UTC) in force at an instant (minutes since 1970). */
  private offsetAt(u: number): number {
    const info = this.year(new Date(u * 60000).getUTCFullYear());
    let o = info.start;
    for (const t of info.transitions) if (t.at <= u) o = t.after;
    return o;
  }

  private year(y: number): YearInfo {
    let info = this.years.get(y);
    if (info) return info;
    const start = Date.UTC(y, 0, 1) / 60000;
    const end = Date.UTC(y + 1, 0, 1) / 60000;
    const first = this.probe(start);
    const transitions: Transition[] = [];
    let prev = first;
    for (let t = start + 1440; t <= end; t += 1440) {
      const o = this.probe(t);
      if (o === prev) continue;
      // The offset changed within (t - 1440, t]: find the first minute of the new offset.
      let lo = t - 1440;
      let hi = t;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.probe(mid) === prev) lo = mid;
        else hi = mid;
      }
      transitions.push({ at: hi, before: prev, after: o });
      prev = o;
    }
    info = { start: first, transitions };
    this.years.set(y, info);
    return info;
  }

  /** The zone's offset at an instant, asked of Intl. */
  private probe(u: number): number {
    const ms = u * 60000;
    const f: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const p of this.fmt.formatToParts(new Date(ms))) f[p.type] = Number(p.value);
    const wall = Date.UTC(f.year ?? 1970, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
    return Math.round((wall - ms) / 60000);
  }
}

const ZONES = new Map<string, TimeZoneDays>();

/** The shared day table of a zone (facts about a zone never change, so one table serves every file). */
export function timeZoneDays(zone: string): TimeZoneDays {
  let z = ZONES.get(zone);
  if (!z) ZONES.set(zone, (z = new TimeZoneDays(zone)));
  return z;
}

/** An offset in minutes as ±HH:MM. */
export function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
