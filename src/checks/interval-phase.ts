/**
 * Interval phase checks over the whole delivery (spec/interval.md §2.2): the sample historical file asks for at
 * least 13 months of reads for every active account (or all there is, which a file cannot show, hence a
 * warning). A service point counts as active *(Intake)* when its reads reach within ACTIVE_SLACK_DAYS of the
 * delivery's last day. Reads before the last loaded interval (incrementals) are checked per channel in
 * interval-reads.ts, where the reads are.
 */
import { dayNumber, formatDay } from '../validate/bytes.js';
import type { DeliveryState } from '../validate/delivery-state.js';
import type { Emit } from './phase.js';

export const HISTORY_MONTHS = 13;
export const ACTIVE_SLACK_DAYS = 35;

/** The first day a history must reach back to for `months` months ending with `last` (day numbers). */
export function historyStart(last: number, months: number): number {
  const s = formatDay(last + 1);
  const total = Number(s.slice(0, 4)) * 12 + Number(s.slice(4, 6)) - 1 - months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return dayNumber(y, m, Math.min(Number(s.slice(6, 8)), dim));
}

const iso = (day: number) => {
  const s = formatDay(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

export function runIntervalSampleChecks(state: DeliveryState, emit: Emit): void {
  // Merge the spans of several files; one file needs no map.
  const spans = new Map<string, [number, number]>();
  for (const f of state.intervalSpans) {
    for (let i = 0; i < f.ids.length; i++) {
      const first = f.firstDay[i] as number;
      const last = f.lastDay[i] as number;
      if (last < first) continue;
      const id = f.ids[i] as string;
      const s = spans.get(id);
      if (!s) spans.set(id, [first, last]);
      else {
        if (first < s[0]) s[0] = first;
        if (last > s[1]) s[1] = last;
      }
    }
  }
  let end = -Infinity;
  for (const [, last] of spans.values()) if (last > end) end = last;
  for (const [id, [first, last]] of spans) {
    if (last < end - ACTIVE_SLACK_DAYS) continue;
    if (first <= historyStart(last, HISTORY_MONTHS)) continue;
    const months = Math.round(((last - first + 1) / 30.44) * 10) / 10;
    emit('PHASE_INTERVAL_HISTORY_SHORT', { received: id, value: id, key: id, expected: `${months} months (${iso(first)} to ${iso(last)})` });
  }
}
