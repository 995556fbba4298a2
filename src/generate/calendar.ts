/** Calendar arithmetic on day numbers (days since 1970-01-01), the generator's only notion of a date. */
import { civilOfDay, dayNumber, EPOCH_1970 } from '../validate/bytes.js';

/** Day number of a civil date (proleptic Gregorian), on the Unix epoch. */
export function dayOf(y: number, m: number, d: number): number {
  return dayNumber(y, m, d) - EPOCH_1970;
}

/** Civil date of a day number. */
export function civil(day: number): { y: number; m: number; d: number } {
  return civilOfDay(day + EPOCH_1970);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// yyyyMMdd strings and days of the year are asked for millions of times: cache them by day number
// (1970–2149 by array index, anything else computed each time).
const CACHE_DAYS = 65536;
const compactCache: (string | undefined)[] = new Array<string | undefined>(CACHE_DAYS);
const doyCache = new Int16Array(CACHE_DAYS).fill(-1);

/** yyyyMMdd of a day number. */
export function compact(day: number): string {
  const cached = day >= 0 && day < CACHE_DAYS ? compactCache[day] : undefined;
  if (cached !== undefined) return cached;
  const { y, m, d } = civil(day);
  const s = `${y}${pad2(m)}${pad2(d)}`;
  if (day >= 0 && day < CACHE_DAYS) compactCache[day] = s;
  return s;
}

/** yyyy-MM-dd of a day number. */
export function iso(day: number): string {
  const { y, m, d } = civil(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Parses yyyy-MM-dd (a real date) into a day number, or undefined. */
export function parseIso(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const day = dayOf(y, mo, d);
  const back = civil(day);
  return back.y === y && back.m === mo && back.d === d ? day : undefined;
}

/** Month index (years × 12 + month − 1) of a day number. */
export function monthOf(day: number): number {
  const { y, m } = civil(day);
  return y * 12 + m - 1;
}

/** Day number of day `d` of month index `mi`, clamped to the month's length. */
export function dayInMonth(mi: number, d: number): number {
  const y = Math.floor(mi / 12);
  const m = (mi % 12) + 1;
  const len = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return dayOf(y, m, Math.min(d, len));
}

/** Day of the year, 0-based (for seasonal curves). */
export function dayOfYear(day: number): number {
  if (day >= 0 && day < CACHE_DAYS) {
    const c = doyCache[day] as number;
    if (c >= 0) return c;
  }
  const v = day - dayOf(civil(day).y, 1, 1);
  if (day >= 0 && day < CACHE_DAYS) doyCache[day] = v;
  return v;
}

export { pad2 };
