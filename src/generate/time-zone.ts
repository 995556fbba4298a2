/**
 * UTC offsets of an IANA time zone, per UTC hour, for a window of days. Offsets change on hour boundaries in
 * the zones utilities use, so one Intl lookup per hour gives every interval's local time without a per-row call.
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset from UTC, in minutes, in force at the UTC instant `ms` in zone `tz`. */
export function offsetAt(tz: string, ms: number): number {
  let f = offsetFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset', year: 'numeric' });
    offsetFormatters.set(tz, f);
  }
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -v : v;
}

/** Offsets by UTC hour over [firstDay − 1, lastDay + 2] (day numbers), for fast lookups. */
export class OffsetTable {
  private readonly startHour: number;
  private readonly offsets: Int16Array;

  constructor(readonly tz: string, firstDay: number, lastDay: number) {
    this.startHour = (firstDay - 1) * 24;
    const hours = (lastDay - firstDay + 4) * 24;
    this.offsets = new Int16Array(hours);
    for (let h = 0; h < hours; h++) this.offsets[h] = offsetAt(tz, (this.startHour + h) * 3600000);
  }

  /** Offset in minutes at a UTC instant given in minutes since the epoch. */
  at(utcMinute: number): number {
    const h = Math.floor(utcMinute / 60) - this.startHour;
    return this.offsets[Math.max(0, Math.min(this.offsets.length - 1, h))] ?? 0;
  }

  /** The UTC minute at which the local wall-clock minute `localMinute` happens (the later one if repeated). */
  utcOfLocal(localMinute: number): number {
    let utc = localMinute - this.at(localMinute);
    utc = localMinute - this.at(utc);
    return utc;
  }
}

const offsetText = new Map<number, string>();

/** ±HH:MM of an offset in minutes. */
export function formatOffset(minutes: number): string {
  let s = offsetText.get(minutes);
  if (s === undefined) {
    const a = Math.abs(minutes);
    s = `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    offsetText.set(minutes, s);
  }
  return s;
}
