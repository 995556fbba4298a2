/**
 * Interval (AMI) reads (spec/DECISIONS.md "Interval", spec/interval.ts): every row on the file's grid of local
 * END times; daylight saving in the profile's time zone (a local time that does not exist, the repeated
 * autumn hour without UTC_offset, an offset that contradicts the zone); per channel (service point + service
 * quantity identifier) reads oldest to newest by instant, the same interval twice a correction (info);
 * incrementals continue after the last loaded interval; meter-data quality warnings per service point
 * (interval-quality.ts); the interval profile (interval-profile.ts); where bills are loaded, the consumption
 * channels' day sums for the comparison with billed usage (interval-bills.ts).
 *
 * The hot path makes no string, Date or Intl call per row: a row's local date and time are numbers, the zone
 * facts of its day come from typed arrays (time-zone.ts) and a run of rows of one channel skips the map.
 *
 * Memory: per channel 28 bytes of typed arrays here and in interval-slots.ts, 76 in interval-quality.ts, one
 * 40-byte slot block and 18–36 bytes of fingerprint table (key-table.ts): ~160 MB per million channels (typed
 * arrays double as they grow, so up to twice that while growing); per service point 16 bytes, its fingerprint
 * and its id's bytes (+144 bytes when it has quality findings); per read about 1.25 bits of slot bitmap,
 * ~160 kB per million reads; with a store's billed reads, 8 bytes per consumption service point-day (12 while
 * the file is read). Measured: 300 k channels with one day of 15-minute reads (28.8 M rows) run in a
 * 120 MB heap; peak resident size 206 MB, against 92 MB for the engine without this check.
 */
import { INTERVAL_LENGTHS } from '../spec/interval.js';
import { allowedValues } from '../validate/columns.js';
import { dayNumber, formatDay } from '../validate/bytes.js';
import { codeIndex } from '../validate/collector.js';
import type { UsageHistogram } from '../validate/delivery-state.js';
import { monthOf } from '../validate/months.js';
import { hashBytes, hashSeparator, hashStart, KeyTable } from '../validate/key-table.js';
import { formatOffset, timeZoneDays } from '../validate/time-zone.js';
import { BillDays } from './interval-bills.js';
import { addIntervalFigures } from './interval-profile.js';
import { DayTotals, FLAT, GAP, IntervalQuality, SPIKE, ZERO, type SpFinding } from './interval-quality.js';
import { SlotBitmaps } from './interval-slots.js';
import type { CheckContext, RowCheck, RowView } from './types.js';

const C = {
  offGrid: codeIndex('INTERVAL_OFF_GRID'),
  nonexistent: codeIndex('INTERVAL_NONEXISTENT_TIME'),
  ambiguous: codeIndex('INTERVAL_AMBIGUOUS_TIME'),
  mismatch: codeIndex('INTERVAL_OFFSET_MISMATCH'),
  outOfOrder: codeIndex('INTERVAL_OUT_OF_ORDER'),
  correction: codeIndex('INTERVAL_CORRECTION'),
  gap: codeIndex('INTERVAL_GAP'),
  flat: codeIndex('INTERVAL_FLAT_LINE'),
  zero: codeIndex('INTERVAL_ZERO_RUN'),
  spike: codeIndex('INTERVAL_SPIKE'),
  lengthMismatch: codeIndex('INTERVAL_LENGTH_MISMATCH'),
  billMismatch: codeIndex('INTERVAL_BILL_MISMATCH'),
  unknownSp: codeIndex('USAGE_UNKNOWN_SERVICE_POINT'),
  beforeLoaded: codeIndex('PHASE_READ_BEFORE_LOADED'),
  gapAfterLoaded: codeIndex('PHASE_GAP_AFTER_LOADED'),
};

const NONE = -2147483648;
/** What a row diagnostic's expectation is (see emit in forFile). */
const E_NONE = 0;
const E_ZONE = 1;
const E_OFFSET = 2;
const E_OFFSETS = 3;
const E_WALL = 4;
const E_LOADED = 5;
const E_LOADED_GAP = 6;

function grow(a: Int32Array, n: number, fill = 0): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a as Int32Array<ArrayBuffer>;
  const b = new Int32Array(Math.max(n, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

/** yyyyMMdd + HHmm → "yyyy-MM-dd HH:mm". */
function label(date: string, time: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)} ${time.slice(0, 2)}:${time.slice(2, 4)}`;
}

/** Local wall minutes since 1800-01-01 → "yyyy-MM-dd HH:mm". */
function wallLabel(w: number): string {
  const m = w % 1440;
  return label(formatDay(Math.floor(w / 1440)), `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`);
}

/** A value for a message: at most six decimals, no binary noise (1.8159999999999998 → 1.816). */
function num(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export const intervalReads: RowCheck = {
  id: 'interval-reads',
  codes: [
    'INTERVAL_OFF_GRID', 'INTERVAL_NONEXISTENT_TIME', 'INTERVAL_AMBIGUOUS_TIME', 'INTERVAL_OFFSET_MISMATCH', 'INTERVAL_OUT_OF_ORDER',
    'INTERVAL_CORRECTION', 'INTERVAL_GAP', 'INTERVAL_FLAT_LINE', 'INTERVAL_ZERO_RUN', 'INTERVAL_SPIKE', 'INTERVAL_LENGTH_MISMATCH',
    'INTERVAL_BILL_MISMATCH',
    'USAGE_UNKNOWN_SERVICE_POINT', 'PHASE_READ_BEFORE_LOADED', 'PHASE_GAP_AFTER_LOADED',
  ],
  forFile(setup) {
    if (setup.standard.id !== 'interval') return null;
    const sp = setup.col('service_point_id');
    const date = setup.col('date');
    const time = setup.col('time');
    if (sp < 0 || date < 0 || time < 0) return null;
    const usage = setup.col('usage_value');
    const units = setup.col('units');
    const estimate = setup.col('is_estimate');
    const offset = setup.col('UTC_offset');
    const sqi = setup.col('service_quantity_identifier');
    const ambiguousCol = offset >= 0 ? offset : time;

    const state = setup.delivery;
    const profile = state.profile;
    const context = state.context;
    const named = setup.intervalMinutes;
    // Without a valid length in the name (already reported) the grid and the quality checks cannot be judged.
    const len = named !== undefined && (INTERVAL_LENGTHS as readonly number[]).includes(named) ? named : 0;
    const daily = len === 1440;
    const zoneName = setup.profile.timeZone;
    const zone = timeZoneDays(zoneName);

    const unitNames = units >= 0 ? allowedValues(setup.fileType.columns[units]!, setup.profile) : [];
    const histograms: (UsageHistogram | undefined)[] = unitNames.map(() => undefined);

    // Channels (service point + identifier) and service points, by fingerprints of their bytes: no string per row.
    const channelTable = new KeyTable();
    const spTable = new KeyTable(true);
    let channels = 0;
    let chSp = new Int32Array(256);
    let lastSlot = new Int32Array(256).fill(NONE);
    let lastInst = new Int32Array(256).fill(NONE);
    let lastWall = new Int32Array(256);
    let loadedSlot = new Int32Array(256).fill(NONE);
    let spFirst = new Int32Array(256).fill(NONE);
    let spLast = new Int32Array(256).fill(NONE);
    let spMonth = new Int32Array(256).fill(-1);
    const slots = new SlotBitmaps();
    const loadedText = new Map<number, string>();
    const monthCounts = new Map<number, number>();
    const spMonthCounts = new Map<number, number>();

    // Day sums of consumption channels for the comparison with loaded bills: only when there are bills to ask for.
    const bills = len > 0 && context.billedReads !== undefined ? new BillDays() : undefined;
    const quality = len > 0
      ? new IntervalQuality(len, zone, setup.profile.interval, {
        day(day, s, present, _expected, ch, sum) {
          if (bills !== undefined && bills.keeps(ch)) bills.day(s, day, sum);
          if (present === 0) return;
          const month = monthOf(day);
          monthCounts.set(month, (monthCounts.get(month) ?? 0) + present);
          if (spMonth[s] !== month) {
            spMonth[s] = month;
            spMonthCounts.set(month, (spMonthCounts.get(month) ?? 0) + 1);
          }
          if (spFirst[s] === NONE || day < (spFirst[s] as number)) spFirst[s] = day;
          if (day > (spLast[s] as number)) spLast[s] = day;
          state.noteRead(day);
        },
      })
      : undefined;

    let prevCh = -1;
    let reads = 0;
    let actual = 0;
    let estimated = 0;
    let userReported = 0;
    // Zone facts of the last date seen.
    let curDate = NONE;
    let offBefore = 0;
    let offAfter = 0;
    let beforeUntil = 0;
    let afterFrom = 0;
    // Instants at which the row's local date and the day before it start (positions of reads in their day).
    let dateStart = 0;
    let prevDateStart = 0;
    // Interval length as the data shows it: steps between consecutive reads, and the grid of off-grid times.
    let unitSteps = 0;
    const longerSteps = new Map<number, number>();
    let offGridRows = 0;
    let offGridGcd = 0;

    /** The channel of a row that does not continue the previous row's channel (new channels are set up here). */
    const channelOf = (r: RowView, ctx: CheckContext): number => {
      const buf = r.buf;
      hashStart();
      hashBytes(buf, r.start(sp), r.end(sp));
      hashSeparator();
      hashBytes(buf, r.start(sqi), r.end(sqi));
      const ch = channelTable.intern();
      if (!channelTable.added) return ch;
      channels = ch + 1;
      const s = spTable.internBytes(buf, r.start(sp), r.end(sp));
      if (spTable.added) {
        spFirst = grow(spFirst, s + 1, NONE);
        spLast = grow(spLast, s + 1, NONE);
        spMonth = grow(spMonth, s + 1, -1);
        const known = context.knownServicePoint;
        if (known) {
          const id = r.str(sp);
          if (!state.servicePoints.has(id) && !known(id)) ctx.report(C.unknownSp, sp, () => ({ received: id }));
        }
      }
      chSp = grow(chSp, ch + 1);
      lastSlot = grow(lastSlot, ch + 1, NONE);
      lastInst = grow(lastInst, ch + 1, NONE);
      lastWall = grow(lastWall, ch + 1);
      loadedSlot = grow(loadedSlot, ch + 1, NONE);
      chSp[ch] = s;
      slots.addChannel(ch);
      quality?.addChannel(ch, s);
      if (bills !== undefined && (sqi < 0 || r.empty(sqi))) bills.addChannel(ch, s, r.line);
      const loaded = context.lastLoadedInterval?.(`${r.str(sp)}|${sqi >= 0 ? r.str(sqi) : ''}`);
      if (loaded !== undefined && /^\d{12}$/.test(loaded)) {
        const ld = dayNumber(Number(loaded.slice(0, 4)), Number(loaded.slice(4, 6)), Number(loaded.slice(6, 8)));
        const lm = Number(loaded.slice(8, 10)) * 60 + Number(loaded.slice(10, 12));
        // An ambiguous loaded time resolves to its first occurrence: the lenient reading for "before".
        const inst = zone.instant(ld, lm);
        if (inst === inst) {
          loadedSlot[ch] = daily ? ld : len > 0 ? Math.floor(inst / len) : inst;
          loadedText.set(ch, label(loaded.slice(0, 8), loaded.slice(8, 12)));
        }
      }
      return ch;
    };

    // Reports live outside row(): a closure inside it would make V8 allocate row()'s variables on every row.
    // `kind` says what the expectation is (E_* below); a and b are its numbers.
    const expectation = (kind: number, a: number, b: number, at: string): string | undefined => {
      switch (kind) {
        case E_ZONE: return zoneName;
        case E_OFFSET: return `${formatOffset(a)}, the offset of ${zoneName} at ${at}`;
        case E_OFFSETS: return `${formatOffset(a)} or ${formatOffset(b)}, the offsets of ${zoneName} at ${at}`;
        case E_WALL: return wallLabel(a);
        case E_LOADED: return loadedText.get(a) ?? '';
        case E_LOADED_GAP: return `${loadedText.get(a) ?? ''} (${b} intervals missing)`;
        default: return undefined;
      }
    };
    const emit = (ctx: CheckContext, code: number, col: number, r: RowView, kind: number, a: number, b: number) =>
      ctx.report(code, col, () => {
        const at = label(r.str(date), r.str(time));
        const shown = code === C.mismatch ? r.str(offset) : at;
        const expected = expectation(kind, a, b, at);
        return { received: shown, value: shown, ...(expected !== undefined ? { expected } : {}) };
      });
    const offGridOcc = () => ({ expected: String(len) });
    // Off the grid, per local minute of the day (0–1439): a table read instead of an integer division per row.
    const offGrid = new Uint8Array(1440);
    if (len > 0) for (let t = 0; t < 1440; t++) offGrid[t] = (daily ? t !== 0 : t % len !== 0) ? 1 : 0;

    return {
      // The fast lane compares the channel's fields with the line before's while reading them (sorted files).
      repeats: sqi >= 0 ? [sp, sqi] : [sp],
      row(r, ctx) {
        // The row's arrays, read directly (field c at b + c): a view method call per field costs more here,
        // where it runs about 15 times a row on files of tens of millions of rows.
        const b = r.base;
        const O = r.flags;
        const V = r.values;
        if (O[b + sp] !== 1) return;
        // The channel first, before any other early return, so that prevCh always matches the previous row.
        let ch: number;
        if (prevCh >= 0 && r.sameAsPrevious(sp) && (sqi < 0 || r.sameAsPrevious(sqi))) ch = prevCh;
        else prevCh = ch = channelOf(r, ctx);
        if (O[b + date] !== 1 || O[b + time] !== 1) return;
        // Small whole numbers: integer arithmetic from here on (no floating modulo in the hot path).
        const d = (V[b + date] as number) | 0;
        const m = (V[b + time] as number) | 0;

        // The grid of the file's interval length, in local time.
        if (offGrid[m] === 1) {
          offGridRows++;
          offGridGcd = gcd(offGridGcd, m);
          ctx.report(C.offGrid, time, offGridOcc);
          return;
        }

        // Daylight saving: which offsets can label this local time.
        if (d !== curDate) {
          prevDateStart = zone.dayStart(d - 1);
          dateStart = zone.dayStart(d);
          zone.select(d);
          curDate = d;
          offBefore = zone.offBefore;
          offAfter = zone.offAfter;
          beforeUntil = zone.beforeUntil;
          afterFrom = zone.afterFrom;
        }
        const canBefore = m < beforeUntil;
        const canAfter = m >= afterFrom;
        const hasOffset = offset >= 0 && r.starts[b + offset] !== r.ends[b + offset];
        const given = hasOffset && O[b + offset] === 1 ? (V[b + offset] as number) : NaN;
        let off: number;
        if (canBefore !== canAfter) {
          off = canBefore ? offBefore : offAfter;
          if (given === given && given !== off) emit(ctx, C.mismatch, offset, r, E_OFFSET, off, 0);
        } else if (!canBefore) {
          emit(ctx, C.nonexistent, time, r, E_ZONE, 0, 0);
          return;
        } else if (given === offBefore || given === offAfter) off = given;
        else {
          if (given === given) emit(ctx, C.mismatch, offset, r, E_OFFSETS, offBefore, offAfter);
          else if (!hasOffset) emit(ctx, C.ambiguous, ambiguousCol, r, E_ZONE, 0, 0);
          // Resolve by order: the second of two equal local times is the later hour.
          off = (lastInst[ch] as number) >= d * 1440 + m - offBefore ? offAfter : offBefore;
        }
        const inst = (d * 1440 + m - off) | 0;
        // Instants are positive minutes since 1800, so truncation is floor. The usual next read of a channel is
        // one interval after its last: its slot follows without a division.
        const li = lastInst[ch] as number;
        const slot = daily ? d : len > 0 ? (inst === li + len ? (lastSlot[ch] as number) + 1 : ((inst / len) | 0)) : inst;

        // Profile figures of every read with a usable end time.
        reads++;
        if (estimate >= 0 && O[b + estimate] === 1) {
          const e = V[b + estimate] as number;
          if (e === 0) actual++;
          else if (e === 2) userReported++;
          else estimated++;
        }
        const valueOk = usage >= 0 && O[b + usage] === 1;
        const value = valueOk ? (V[b + usage] as number) : NaN;
        if (valueOk && units >= 0 && O[b + units] === 1) {
          const u = V[b + units] as number;
          let h = histograms[u];
          if (!h) histograms[u] = h = state.usageHistogram(unitNames[u] ?? '');
          h.add(value);
          if (bills !== undefined) bills.unitOf(ch, chSp[ch] as number, u);
        }

        // Incremental: nothing before the last loaded interval; a gap after it is worth a look.
        const ls = loadedSlot[ch] as number;
        const last = lastSlot[ch] as number;
        if (ls !== NONE) {
          if (slot < ls) emit(ctx, C.beforeLoaded, time, r, E_LOADED, ch, 0);
          else if (last === NONE && len > 0 && slot > ls + 1) emit(ctx, C.gapAfterLoaded, time, r, E_LOADED_GAP, ch, slot - ls - 1);
        }

        // Order per channel, by instant.
        if (slot > last) {
          if (last !== NONE) {
            if (slot === last + 1) unitSteps++;
            else longerSteps.set(slot - last, (longerSteps.get(slot - last) ?? 0) + 1);
          }
          slots.add(ch, slot);
          lastSlot[ch] = slot;
          lastInst[ch] = inst;
          lastWall[ch] = d * 1440 + m;
          if (quality) quality.read(ch, slot, m === 0 ? d - 1 : d, daily ? 1 : ((inst - (m === 0 ? prevDateStart : dateStart)) / len) | 0, value, r.line);
          return;
        }
        if (slot === last || !slots.add(ch, slot)) {
          emit(ctx, C.correction, time, r, E_NONE, 0, 0);
          return;
        }
        emit(ctx, C.outOfOrder, time, r, E_WALL, lastWall[ch] as number, 0);
      },
      end(ctx) {
        quality?.finish(channels);
        const spNames = Array.from({ length: spTable.size }, (_, i) => spTable.keyAt(i));
        if (quality) {
          emitFindings(ctx, C.gap, quality.findings(GAP, spNames.length), spNames, (f) => {
            const s = formatDay(f.b);
            return `${f.a} interval${f.a === 1 ? '' : 's'} on ${f.count} day${f.count === 1 ? '' : 's'} (first ${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}: ${f.c} of ${f.d})`;
          });
          emitFindings(ctx, C.flat, quality.findings(FLAT, spNames.length), spNames, (f) => `${f.a} intervals (value ${num(f.b)}; ${f.count} run${f.count === 1 ? '' : 's'} of ${setup.profile.interval.flatLineIntervals} or more)`);
          emitFindings(ctx, C.zero, quality.findings(ZERO, spNames.length), spNames, (f) => `${Math.round((f.a * len) / 6) / 10} hours (${f.count} run${f.count === 1 ? '' : 's'} of ${setup.profile.interval.zeroRunHours} hours or more)`);
          emitFindings(ctx, C.spike, quality.findings(SPIKE, spNames.length), spNames, (f) => {
            const s = formatDay(f.b);
            return `${num(f.a)} on ${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}, over ${setup.profile.interval.spikeRatio}× the day's third-highest (${num(f.c)}); ${f.count} day${f.count === 1 ? '' : 's'} with spikes`;
          });
        }
        if (len > 0) lengthMismatch(ctx, len, reads, unitSteps, longerSteps, offGridRows, offGridGcd);

        // The common profile (reads per month, estimates) and the interval section.
        for (const [m, n] of monthCounts) profile.readsPerMonth.set(m, (profile.readsPerMonth.get(m) ?? 0) + n);
        for (const [m, n] of spMonthCounts) profile.servicePointsPerMonth.set(m, (profile.servicePointsPerMonth.get(m) ?? 0) + n);
        profile.reads += reads;
        profile.actual += actual;
        profile.estimated += estimated;
        profile.userReported += userReported;
        state.servicePointsWithReads += spNames.length;
        state.intervalSpans.push({ ids: spNames, firstDay: spFirst.slice(0, spNames.length), lastDay: spLast.slice(0, spNames.length) });
        if (bills) state.intervalDaySums.push(bills.finish(spNames, unitNames, (line, occ) => ctx.reportAt(C.billMismatch, -1, line, () => occ)));
        addIntervalFigures(state, { minutes: len || undefined, reads, channels, servicePoints: spNames, actual, estimated, userReported, days: quality?.totals ?? new DayTotals() });
        slots.clear();
        channelTable.clear();
        spTable.clear();
      },
    };
  },
};

function emitFindings(ctx: CheckContext, code: number, findings: SpFinding[], spNames: readonly string[], expected: (f: SpFinding) => string): void {
  for (const f of findings) {
    const id = spNames[f.sp] ?? '';
    ctx.reportAt(code, -1, f.line, () => ({ received: id, key: id, expected: expected(f) }));
  }
}

/**
 * The file name's interval length against the data: most rows off the grid on a finer grid, or most steps
 * between a channel's consecutive reads a whole multiple of the length.
 */
function lengthMismatch(ctx: CheckContext, len: number, reads: number, unitSteps: number, longer: Map<number, number>, offGrid: number, offGridGcd: number): void {
  const code = C.lengthMismatch;
  if (offGrid > reads && offGrid >= 4) {
    const seen = gcd(offGridGcd, len);
    ctx.reportAt(code, -1, undefined, () => ({ received: `${seen} minutes`, expected: String(len) }));
    return;
  }
  let total = unitSteps;
  let topStep = 0;
  let topCount = 0;
  for (const [k, n] of longer) {
    total += n;
    if (n > topCount) [topStep, topCount] = [k, n];
  }
  if (total >= 8 && topCount * 2 > total && len * topStep <= 1440 && 1440 % (len * topStep) === 0) {
    ctx.reportAt(code, -1, undefined, () => ({ received: `${len * topStep} minutes`, expected: String(len) }));
  }
}
