/**
 * The interval section of the data profile (report.profile.interval): meters, channels, days covered,
 * completeness by day, the share of estimates, the interval length and the number of reads. Summed over the
 * interval files of one delivery (kept beside the DeliveryState, rendered again after each file), so that a
 * delivery split into several files still gets one profile.
 */
import { formatDay } from '../validate/bytes.js';
import type { DeliveryState } from '../validate/delivery-state.js';
import type { DayTotals } from './interval-quality.js';

export interface IntervalFileFigures {
  readonly minutes: number | undefined;
  readonly reads: number;
  readonly channels: number;
  readonly servicePoints: readonly string[];
  readonly actual: number;
  readonly estimated: number;
  readonly userReported: number;
  readonly days: DayTotals;
}

class Accumulator {
  reads = 0;
  channels = 0;
  actual = 0;
  estimated = 0;
  userReported = 0;
  readonly minutes = new Set<number>();
  readonly spLists: (readonly string[])[] = [];
  /** day → [present, expected]. */
  readonly days = new Map<number, [number, number]>();
}

const BY_DELIVERY = new WeakMap<DeliveryState, Accumulator>();

/** Adds one file's figures and renders the delivery's interval profile into state.profile.extra.interval. */
export function addIntervalFigures(state: DeliveryState, f: IntervalFileFigures): void {
  let acc = BY_DELIVERY.get(state);
  if (!acc) BY_DELIVERY.set(state, (acc = new Accumulator()));
  acc.reads += f.reads;
  acc.channels += f.channels;
  acc.actual += f.actual;
  acc.estimated += f.estimated;
  acc.userReported += f.userReported;
  if (f.minutes !== undefined) acc.minutes.add(f.minutes);
  acc.spLists.push(f.servicePoints);
  f.days.forEach((day, present, expected) => {
    const e = acc.days.get(day);
    if (e) {
      e[0] += present;
      e[1] += expected;
    } else acc.days.set(day, [present, expected]);
  });

  // Distinct meters over the files: a set is only needed when there are several files.
  const meters = acc.spLists.length === 1 ? (acc.spLists[0] as readonly string[]).length : new Set(acc.spLists.flat()).size;
  const days = [...acc.days.entries()].sort((a, b) => a[0] - b[0]);
  const completenessByDay: Record<string, number> = {};
  for (const [day, [present, expected]] of days) {
    completenessByDay[isoDay(day)] = Math.round((present / expected) * 10000) / 10000;
  }
  const flagged = acc.actual + acc.estimated + acc.userReported;
  const minutes = [...acc.minutes];
  state.profile.extra.interval = {
    intervalMinutes: minutes.length === 1 ? minutes[0] : minutes.length === 0 ? null : minutes.sort((a, b) => a - b),
    reads: acc.reads,
    meters,
    channels: acc.channels,
    daysCovered: days.filter(([, [present]]) => present > 0).length,
    firstDay: days.length ? isoDay(days[0]![0]) : null,
    lastDay: days.length ? isoDay(days[days.length - 1]![0]) : null,
    completeness: sumShare(days),
    completenessByDay,
    estimatesShare: flagged ? (acc.estimated + acc.userReported) / flagged : null,
  };
}

function isoDay(day: number): string {
  const s = formatDay(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

function sumShare(days: [number, [number, number]][]): number | null {
  let p = 0;
  let e = 0;
  for (const [, [present, expected]] of days) {
    p += present;
    e += expected;
  }
  return e ? Math.round((p / e) * 10000) / 10000 : null;
}
