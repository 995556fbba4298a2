/**
 * Meter-data quality of interval reads, in the manner of the validation (VEE) rules of meter data systems:
 * missing intervals per day, flat lines, long runs of zeros and spikes (spec/DECISIONS.md "Interval").
 * Fed one in-order read at a time per channel; keeps per channel a few numbers in typed arrays (the current
 * day's count and three highest values, the current run of equal values) and sums findings per service point,
 * so a finding is reported once per service point and kind, with counts, at the line where it was first seen.
 *
 * A read belongs to the local day in which its interval lies: the interval ending at midnight (0000 of the
 * next date) belongs to the day before. A day "should have" as many intervals as its local length allows
 * (23 or 25 hours on daylight-saving days). Only intervals inside a channel's covered range count *(Intake)*:
 * from its first read to its last, whole days without reads included. Intervals before the first read of its
 * first day and after the last read of its last day do not (a meter installed mid-day, or an incremental that
 * ends in the morning, is not a gap); `pos` (the read's position in its day, 1-based) tells where those are.
 *
 * Each closed day also hands its hook the sum of its values when the whole local day is there (every interval
 * present and usable), for the comparison with billed usage (interval-bills.ts); the sum costs one addition per
 * read and 8 bytes per channel.
 *
 * Memory: 84 bytes per channel and 4 per service point of typed arrays (84 MB per million channels), plus
 * 144 bytes per service point that has findings; days are summed per delivery day (16 bytes each), never per
 * read.
 */
import type { IntervalThresholds } from '../spec/profile.js';
import type { TimeZoneDays } from '../validate/time-zone.js';
import { growFloat64, growInt32 } from '../validate/key-table.js';

const NONE = -2147483648;


/** Present and expected intervals per local day, over all channels. */
export class DayTotals {
  base = NONE;
  present = new Float64Array(0);
  expected = new Float64Array(0);

  add(day: number, present: number, expected: number): void {
    if (this.base === NONE) {
      this.base = day - 32;
      this.present = new Float64Array(128);
      this.expected = new Float64Array(128);
    }
    if (day < this.base) {
      const shift = this.base - day + 32;
      const p = new Float64Array(this.present.length + shift);
      p.set(this.present, shift);
      const e = new Float64Array(this.expected.length + shift);
      e.set(this.expected, shift);
      this.present = p;
      this.expected = e;
      this.base -= shift;
    }
    const i = day - this.base;
    this.present = growFloat64(this.present, i + 1);
    this.expected = growFloat64(this.expected, i + 1);
    this.present[i] = (this.present[i] as number) + present;
    this.expected[i] = (this.expected[i] as number) + expected;
  }

  /** Calls `f` for every day that had channels, oldest first. */
  forEach(f: (day: number, present: number, expected: number) => void): void {
    for (let i = 0; i < this.expected.length; i++) {
      const e = this.expected[i] as number;
      if (e > 0) f(this.base + i, this.present[i] as number, e);
    }
  }
}

/** Findings of one kind for one service point. */
export interface SpFinding {
  readonly sp: number;
  readonly line: number;
  readonly count: number;
  /** Kind-specific figures: gap → missing intervals; flat/zero → longest run; spike → first spike's value. */
  readonly a: number;
  /** gap → first short day; flat → value of the longest run; spike → first spike's day; zero → unused. */
  readonly b: number;
  /** gap → intervals present on the first short day; spike → third-highest of that day. */
  readonly c: number;
  /** gap → intervals the first short day should have had (inside the channel's range). */
  readonly d: number;
}

export const GAP = 0;
export const FLAT = 1;
export const ZERO = 2;
export const SPIKE = 3;
const KINDS = 4;

export interface QualityHooks {
  /**
   * Called once per channel-day that closes, in day order per channel without skipping a day: the intervals
   * present (capped at expected) and expected, the channel, and the sum of the day's values when the whole
   * local day is complete (every interval of it present with a usable value), NaN otherwise.
   */
  day(day: number, sp: number, present: number, expected: number, ch: number, sum: number): void;
}

export class IntervalQuality {
  /** Intervals per day for a 24-hour day; 0 when the interval length is unknown (then nothing is judged). */
  private readonly zeroRunIntervals: number;
  private readonly days = new DayTotals();
  // Per channel.
  private chSp = new Int32Array(256);
  private curDay = new Int32Array(256).fill(NONE);
  private dayCount = new Int32Array(256);
  private dayLine = new Int32Array(256);
  /** Sum of the open day's values; NaN once an unusable value was read (the day cannot be compared). */
  private daySum = new Float64Array(256);
  /** Position in its day of the channel's first read while its first day is open (0 afterwards). */
  private firstPos = new Int32Array(256);
  private lastPos = new Int32Array(256);
  private top = new Float64Array(256 * 3);
  private topLine = new Int32Array(256);
  private runVal = new Float64Array(256);
  private runLen = new Int32Array(256);
  private runLine = new Int32Array(256);
  private runSlot = new Int32Array(256);
  // Per service point and kind: count, first line, and three figures.
  /** Per service point its findings record, allocated on its first finding (-1: none yet). */
  private spRec = new Int32Array(256).fill(-1);
  private recs = 0;
  private spCount = new Int32Array(64 * KINDS);
  private spLine = new Int32Array(64 * KINDS);
  private spA = new Float64Array(64 * KINDS);
  private spB = new Float64Array(64 * KINDS);
  private spC = new Float64Array(64 * KINDS);
  private spD = new Int32Array(64 * KINDS);

  constructor(
    private readonly minutes: number,
    private readonly zone: TimeZoneDays,
    private readonly t: IntervalThresholds,
    private readonly hooks: QualityHooks,
  ) {
    this.zeroRunIntervals = Math.max(1, Math.ceil((t.zeroRunHours * 60) / minutes));
  }

  /** Registers channel `ch` of service point `sp` (both numbered from 0 in order of appearance). */
  addChannel(ch: number, sp: number): void {
    const n = ch + 1;
    this.chSp = growInt32(this.chSp, n);
    this.curDay = growInt32(this.curDay, n, NONE);
    this.dayCount = growInt32(this.dayCount, n);
    this.dayLine = growInt32(this.dayLine, n);
    this.daySum = growFloat64(this.daySum, n);
    this.firstPos = growInt32(this.firstPos, n);
    this.lastPos = growInt32(this.lastPos, n);
    this.top = growFloat64(this.top, n * 3);
    this.topLine = growInt32(this.topLine, n);
    this.runVal = growFloat64(this.runVal, n);
    this.runLen = growInt32(this.runLen, n);
    this.runLine = growInt32(this.runLine, n);
    this.runSlot = growInt32(this.runSlot, n);
    this.chSp[ch] = sp;
    this.curDay[ch] = NONE;
    this.runLen[ch] = 0;
    this.spRec = growInt32(this.spRec, sp + 1, -1);
  }

  /** The findings record of a service point, made on its first finding: clean service points cost 4 bytes. */
  private recOf(sp: number): number {
    const r = this.spRec[sp] as number;
    if (r >= 0) return r;
    const n = this.recs++;
    this.spRec[sp] = n;
    const m = (n + 1) * KINDS;
    this.spCount = growInt32(this.spCount, m);
    this.spLine = growInt32(this.spLine, m);
    this.spA = growFloat64(this.spA, m);
    this.spB = growFloat64(this.spB, m);
    this.spC = growFloat64(this.spC, m);
    this.spD = growInt32(this.spD, m);
    return n;
  }

  /**
   * One new interval of channel `ch`, later than every earlier one: its slot, the local day it belongs to,
   * its position in that day (1 = the first interval), its value (NaN when unusable) and its line.
   */
  read(ch: number, slot: number, day: number, pos: number, value: number, line: number): void {
    const cd = this.curDay[ch] as number;
    this.lastPos[ch] = pos;
    if (day !== cd) {
      // Days only advance for in-order reads; a day that goes back (bad data, reported elsewhere) is not counted.
      if (day < cd) return;
      if (cd !== NONE) {
        this.closeDay(ch, cd, false);
        for (let d = cd + 1; d < day; d++) this.missingDay(ch, d, line);
        this.firstPos[ch] = 0;
      } else this.firstPos[ch] = pos;
      this.curDay[ch] = day;
      this.dayCount[ch] = 0;
      this.dayLine[ch] = line;
      this.daySum[ch] = 0;
      const t = ch * 3;
      this.top[t] = this.top[t + 1] = this.top[t + 2] = -Infinity;
    }
    this.dayCount[ch] = (this.dayCount[ch] as number) + 1;
    // A NaN value makes the sum NaN: no extra branch for "the day has an unusable value".
    this.daySum[ch] = (this.daySum[ch] as number) + value;
    if (value !== value) {
      this.closeRun(ch);
      return;
    }
    // The day's three highest values.
    const t = ch * 3;
    if (value > (this.top[t] as number)) {
      this.top[t + 2] = this.top[t + 1] as number;
      this.top[t + 1] = this.top[t] as number;
      this.top[t] = value;
      this.topLine[ch] = line;
    } else if (value > (this.top[t + 1] as number)) {
      this.top[t + 2] = this.top[t + 1] as number;
      this.top[t + 1] = value;
    } else if (value > (this.top[t + 2] as number)) this.top[t + 2] = value;
    // Runs of one value over consecutive intervals.
    if (this.runLen[ch] !== 0 && value === this.runVal[ch] && slot === (this.runSlot[ch] as number) + 1) {
      this.runLen[ch] = (this.runLen[ch] as number) + 1;
      this.runSlot[ch] = slot;
      return;
    }
    this.closeRun(ch);
    this.runVal[ch] = value;
    this.runLen[ch] = 1;
    this.runLine[ch] = line;
    this.runSlot[ch] = slot;
  }

  /** Closes every channel's open day and run (end of file). */
  finish(channels: number): void {
    for (let ch = 0; ch < channels; ch++) {
      const cd = this.curDay[ch] as number;
      if (cd !== NONE) this.closeDay(ch, cd, true);
      this.closeRun(ch);
    }
  }

  /** Present and expected intervals per day over all channels. */
  get totals(): DayTotals {
    return this.days;
  }

  /** The findings of one kind, one per service point that has any, in order of first appearance. */
  findings(kind: number, servicePoints: number): SpFinding[] {
    const out: SpFinding[] = [];
    for (let sp = 0; sp < servicePoints; sp++) {
      const rec = this.spRec[sp] as number;
      if (rec < 0) continue;
      const k = rec * KINDS + kind;
      const count = this.spCount[k] as number;
      if (count > 0) out.push({ sp, line: this.spLine[k] as number, count, a: this.spA[k] as number, b: this.spB[k] as number, c: this.spC[k] as number, d: this.spD[k] as number });
    }
    return out;
  }

  /** Intervals a local day should have. */
  expectedOn(day: number): number {
    return Math.max(1, Math.round(this.zone.dayMinutes(day) / this.minutes));
  }

  /** Closes the channel's open day; on its first and last day only the part inside its range counts. */
  private closeDay(ch: number, day: number, last: boolean): void {
    const first = this.firstPos[ch] as number;
    const whole = this.expectedOn(day);
    const expected = Math.max(1, (last ? Math.min(this.lastPos[ch] as number, whole) : whole) - (first > 0 ? first - 1 : 0));
    const present = Math.min(this.dayCount[ch] as number, expected);
    const sp = this.chSp[ch] as number;
    this.days.add(day, present, expected);
    // Complete: the range covers the whole day (not a first or last day cut short) and every interval is there.
    this.hooks.day(day, sp, present, expected, ch, expected === whole && present === whole ? (this.daySum[ch] as number) : NaN);
    if (present < expected) this.note(sp, GAP, this.dayLine[ch] as number, expected - present, day, present, true, expected);
    const t = ch * 3;
    const top1 = this.top[t] as number;
    const top3 = this.top[t + 2] as number;
    if (expected >= 3 && top3 > -Infinity && top1 >= this.t.spikeMinValue && top1 > this.t.spikeRatio * Math.max(top3, 0)) {
      this.note(sp, SPIKE, this.topLine[ch] as number, top1, day, top3, false);
    }
  }

  private missingDay(ch: number, day: number, line: number): void {
    const expected = this.expectedOn(day);
    const sp = this.chSp[ch] as number;
    this.days.add(day, 0, expected);
    this.hooks.day(day, sp, 0, expected, ch, NaN);
    this.note(sp, GAP, line, expected, day, 0, true, expected);
  }

  private closeRun(ch: number): void {
    const n = this.runLen[ch] as number;
    if (n === 0) return;
    this.runLen[ch] = 0;
    const v = this.runVal[ch] as number;
    const sp = this.chSp[ch] as number;
    if (v === 0) {
      if (n >= this.zeroRunIntervals) this.noteRun(sp, ZERO, this.runLine[ch] as number, n, 0);
    } else if (n >= this.t.flatLineIntervals) this.noteRun(sp, FLAT, this.runLine[ch] as number, n, v);
  }

  /** Gap and spike: `a` sums (gap) or keeps the first (spike); `b`, `c` describe the first occurrence. */
  private note(sp: number, kind: number, line: number, a: number, b: number, c: number, sum: boolean, d = 0): void {
    const k = this.recOf(sp) * KINDS + kind;
    const first = this.spCount[k] === 0;
    this.spCount[k] = (this.spCount[k] as number) + 1;
    if (sum) this.spA[k] = (first ? 0 : (this.spA[k] as number)) + a;
    if (first) {
      this.spLine[k] = line;
      if (!sum) this.spA[k] = a;
      this.spB[k] = b;
      this.spC[k] = c;
      this.spD[k] = d;
    }
  }

  /** Flat line and zero run: counts runs and keeps the longest (and its value). */
  private noteRun(sp: number, kind: number, line: number, n: number, value: number): void {
    const k = this.recOf(sp) * KINDS + kind;
    const first = this.spCount[k] === 0;
    this.spCount[k] = (this.spCount[k] as number) + 1;
    if (first) this.spLine[k] = line;
    if (first || n > (this.spA[k] as number)) {
      this.spA[k] = n;
      this.spB[k] = value;
    }
  }
}
