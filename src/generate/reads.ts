/**
 * Billed reads of one service point: contiguous periods on the premise's read route, seasonal usage per fuel
 * with noise, about 5 % estimated reads and a few customer-reported ones, and charges tied to usage.
 * Each read is a pure function of (seed, service point, month), so any window can be recomputed.
 */
import { dayOfYear, monthOf as monthOfDay } from './calendar.js';
import { unit } from './prng.js';
import { alignMonth, readDay, type Account, type PopulationState, type ServicePoint } from './population.js';

export interface Read {
  readonly month: number;
  readonly dateTo: number;
  readonly duration: number;
  readonly value: number;
  readonly estimate: 'A' | 'E' | 'U';
  readonly charge: number;
}

const SALT_READ = 101;
const SALT_FLAG = 102;

// Seasonal shape of daily use by day of year: electric peaks in summer (cooling) with a smaller winter bump;
// gas is heating, high in winter and low in summer.
const ELECTRIC_SEASON = new Float64Array(366);
const GAS_SEASON = new Float64Array(366);
for (let d = 0; d < 366; d++) {
  const a = (2 * Math.PI * d) / 365;
  ELECTRIC_SEASON[d] = 1 + 0.32 * Math.cos(a - (2 * Math.PI * 200) / 365) + 0.14 * Math.cos(a - (2 * Math.PI * 15) / 365) * (Math.cos(a - (2 * Math.PI * 15) / 365) > 0 ? 1 : 0.3);
  GAS_SEASON[d] = 0.22 + 1.9 * Math.max(0, Math.cos(a - (2 * Math.PI * 20) / 365)) ** 1.3;
}

/** Relative daily use on a day for a fuel (1 is an average electric day). */
export function seasonFactor(fuel: ServicePoint['fuel'], day: number): number {
  const d = dayOfYear(day);
  return (fuel === 'electric' ? ELECTRIC_SEASON[d] : GAS_SEASON[d]) ?? 1;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const round2 = (x: number): number => Math.round(x * 100) / 100;

const SALT_DAY = 103;

// Day-to-day noise is read from a per-seed table rather than hashed per day: metered usage sums one value per
// day of every read, the generator's hottest arithmetic. (Keyed by point and day, so it never repeats in step.)
const NOISE_SIZE = 1 << 16;
const noiseTables = new Map<number, Float32Array>();

function dayNoiseTable(seed: number): Float32Array {
  let t = noiseTables.get(seed);
  if (!t) {
    t = new Float32Array(NOISE_SIZE);
    for (let i = 0; i < NOISE_SIZE; i++) t[i] = 0.85 + 0.3 * unit(seed, i, SALT_DAY);
    if (noiseTables.size > 8) noiseTables.clear();
    noiseTables.set(seed, t);
  }
  return t;
}

/**
 * What a service point's meter records on one local day: base × season × day-to-day noise. Interval data of
 * the point sums to this per day, so billed actual reads agree with interval sums over the bill period.
 */
export function dailyUse(state: PopulationState, sp: ServicePoint, day: number): number {
  const noise = dayNoiseTable(state.seed)[(Math.imul(sp.key, 40503) + day) & (NOISE_SIZE - 1)] ?? 1;
  const season = day >= 0 && day < NOISE_SIZE ? (seasonTable(sp.fuel)[day] as number) : seasonFactor(sp.fuel, day);
  return sp.dailyBase * season * noise;
}

// Season factor by absolute day number (1970–2149), per fuel, so a period's sum is a plain loop over arrays.
const seasonTables = new Map<ServicePoint['fuel'], Float32Array>();

function seasonTable(fuel: ServicePoint['fuel']): Float32Array {
  let t = seasonTables.get(fuel);
  if (!t) {
    t = new Float32Array(NOISE_SIZE);
    for (let d = 0; d < NOISE_SIZE; d++) t[d] = seasonFactor(fuel, d);
    seasonTables.set(fuel, t);
  }
  return t;
}

/** Metered usage of a period (days start … start + duration − 1): the sum of its days' dailyUse. */
export function meteredUsage(state: PopulationState, sp: ServicePoint, start: number, duration: number): number {
  const end = start + duration;
  if (start < 0 || end > NOISE_SIZE) {
    let slow = 0;
    for (let d = start; d < end; d++) slow += dailyUse(state, sp, d);
    return slow;
  }
  const season = seasonTable(sp.fuel);
  const noise = dayNoiseTable(state.seed);
  const offset = Math.imul(sp.key, 40503);
  let sum = 0;
  for (let d = start; d < end; d++) sum += (season[d] as number) * (noise[(offset + d) & (NOISE_SIZE - 1)] as number);
  return sum * sp.dailyBase;
}

/** A usage value as the meter reports it: whole kWh for manual electric meters, else 3 (kWh) or 2 (therms) decimals. */
function roundUsage(sp: ServicePoint, raw: number): number {
  const v = sp.fuel === 'electric' && sp.meterType === 'MANUAL' ? Math.round(raw) : sp.fuel === 'electric' ? round3(raw) : round2(raw);
  return Math.max(v, 0.01);
}

/**
 * Billed usage of a period: the metered usage for actual reads; an estimate 3–15 % off it for estimated and
 * customer-reported reads (a later correction brings those back to the metered value).
 */
export function usageOf(state: PopulationState, sp: ServicePoint, start: number, duration: number, month: number, flag: Read['estimate']): number {
  const metered = meteredUsage(state, sp, start, duration);
  if (flag === 'A') return roundUsage(sp, metered);
  const u = unit(state.seed, sp.key, month, SALT_READ);
  const off = 0.03 + 0.12 * u;
  return roundUsage(sp, metered * (unit(state.seed, sp.key, month, SALT_READ + 1) < 0.5 ? 1 - off : 1 + off));
}

/** What the read costs: a fixed monthly part pro rata, plus usage at the account's rate. */
export function chargeOf(acct: Account, sp: ServicePoint, duration: number, value: number): number {
  const fixed = (sp.fuel === 'electric' ? 11.5 : 9.75) * (duration / 30.4);
  return round2(fixed + value * (sp.fuel === 'electric' ? acct.rate.electric : acct.rate.gas));
}

function flagOf(state: PopulationState, sp: ServicePoint, month: number): Read['estimate'] {
  const u = unit(state.seed, sp.key, month, SALT_FLAG);
  const estimated = sp.meterType === 'AMI' ? 0.03 : sp.meterType === 'AMR' ? 0.06 : 0.12;
  if (u < estimated) return 'E';
  if (sp.meterType !== 'AMI' && u < estimated + 0.004) return 'U';
  return 'A';
}

/** The read of month `m` (a read month of the route), or undefined outside the account's life. */
export function readOf(state: PopulationState, acct: Account, sp: ServicePoint, m: number): Read | undefined {
  if (m < acct.firstReadMonth || m > acct.moveOutMonth) return undefined;
  const dateTo = readDay(state, acct, m);
  const start = m === acct.firstReadMonth ? acct.activeDay : readDay(state, acct, m - acct.step) + 1;
  const duration = dateTo - start + 1;
  const estimate = flagOf(state, sp, m);
  const value = usageOf(state, sp, start, duration, m, estimate);
  return { month: m, dateTo, duration, value, estimate, charge: chargeOf(acct, sp, duration, value) };
}

/** Reads of a service point whose date_to lies in [fromDay, toDay], oldest first. */
export function readsBetween(state: PopulationState, acct: Account, sp: ServicePoint, fromDay: number, toDay: number): Read[] {
  const out: Read[] = [];
  // Start a little before fromDay's month: jitter can put a read of the previous month inside the window.
  let m = alignMonth(acct, Math.max(acct.firstReadMonth, monthOfDay(fromDay) - 2));
  for (; m <= acct.moveOutMonth; m += acct.step) {
    const read = readOf(state, acct, sp, m);
    if (!read) continue;
    if (read.dateTo > toDay) break;
    if (read.dateTo >= fromDay) out.push(read);
  }
  return out;
}

/** The last read of a service point ending on or before `day`, if any. */
export function lastReadOnOrBefore(state: PopulationState, acct: Account, sp: ServicePoint, day: number): Read | undefined {
  let m = Math.min(acct.moveOutMonth, alignMonth(acct, monthOfDay(day) + 1));
  for (; m >= acct.firstReadMonth; m -= acct.step) {
    const read = readOf(state, acct, sp, m);
    if (read && read.dateTo <= day) return read;
  }
  return undefined;
}

/** The correction of an estimated read (an exact overwrite: same period, the metered value, actual flag). */
export function correctionOf(state: PopulationState, acct: Account, sp: ServicePoint, read: Read): Read {
  const value = usageOf(state, sp, read.dateTo - read.duration + 1, read.duration, read.month, 'A');
  return { ...read, value, estimate: 'A', charge: chargeOf(acct, sp, read.duration, value) };
}
