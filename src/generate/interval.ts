/**
 * Interval (AMI) deliveries for the population's AMI service points: every interval length (5, 15, 30, 60,
 * 1440 minutes), local end-of-interval times in the profile's time zone with UTC_offset on every row (so the
 * repeated autumn hour is told apart; the spring-forward day has 23 hours of intervals, the autumn day 25),
 * daily load shapes per fuel and customer type, rooftop-solar GENERATED channels, and the occasional gap,
 * flat line and spike a meter-data system shows.
 */
import { join } from 'node:path';
import { INTERVAL, buildFileName, type FileTypeSpec } from '../spec/index.js';
import { compact, pad2 } from './calendar.js';
import {
  DefectPlanner, INTERVAL_FIELD_DEFECTS, columnIndex, damageField, damageShape, encodeRow, renameColumn,
  type Defect, type DefectKind,
} from './defects.js';
import type { ManifestFile } from './manifest.js';
import { accountAt, inactiveDayAsOf, totalAccounts, type Account, type PopulationState, type ServicePoint } from './population.js';
import { hash32, unit } from './prng.js';
import { dailyUse, seasonFactor } from './reads.js';
import { decimal3 } from './format.js';
import { compileRow } from './rows.js';
import { FileSink, extensionOf, stampToLocalDate, type Compression } from './sink.js';
import { OffsetTable, formatOffset } from './time-zone.js';

export interface IntervalPlan {
  readonly dir: string;
  readonly state: PopulationState;
  readonly compress: Compression;
  readonly stamp: string;
  readonly defectRate: number;
  /** Local days [fromDay, toDay] are written (intervals ending after fromDay 00:00 up to toDay + 1 at 00:00). */
  readonly fromDay: number;
  readonly toDay: number;
  readonly minutes: number;
  /** AMI service points to follow; 0 for every one of the population. */
  readonly meters: number;
  readonly timeZone: string;
}

export interface IntervalResult {
  readonly files: ManifestFile[];
  readonly defects: Defect[];
  readonly accounts: { total: number; active: number; inactive: number };
  readonly servicePoints: number;
}

/** Mutable row record, reused for every row of a channel (the hot loop allocates nothing per row). */
interface IntervalRecord {
  sp: string;
  value: string;
  date: string;
  time: string;
  units: string;
  estimate: string;
  offset: string;
  serviceType: string;
  quantity: string;
}

const codecFor = (type: FileTypeSpec) => compileRow<IntervalRecord>(type.columns, {
  service_point_id: (r) => r.sp,
  usage_value: (r) => r.value,
  date: (r) => r.date,
  time: (r) => r.time,
  units: (r) => r.units,
  is_estimate: (r) => r.estimate,
  UTC_offset: (r) => r.offset,
  service_type: (r) => r.serviceType,
  service_quantity_identifier: (r) => r.quantity,
});

const TIMES: readonly string[] = Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}${pad2(m % 60)}`);

// Relative load by hour of day (24 values, mean about 1): residential electric has a morning bump and an
// evening peak; business electric a daytime plateau; gas heating peaks morning and evening.
const SHAPES = {
  residential: [0.55, 0.5, 0.48, 0.47, 0.5, 0.62, 0.9, 1.15, 1.05, 0.9, 0.85, 0.85, 0.88, 0.9, 0.95, 1.05, 1.25, 1.55, 1.75, 1.7, 1.55, 1.35, 1.0, 0.7],
  business: [0.45, 0.42, 0.42, 0.42, 0.45, 0.55, 0.85, 1.25, 1.5, 1.6, 1.65, 1.65, 1.6, 1.6, 1.6, 1.55, 1.45, 1.2, 0.9, 0.7, 0.6, 0.55, 0.5, 0.47],
  gas: [0.7, 0.65, 0.65, 0.7, 0.85, 1.3, 1.7, 1.6, 1.2, 0.95, 0.85, 0.8, 0.8, 0.8, 0.85, 0.95, 1.1, 1.35, 1.45, 1.35, 1.2, 1.0, 0.85, 0.75],
  solar: [0, 0, 0, 0, 0, 0, 0.1, 0.6, 1.5, 2.6, 3.5, 4.1, 4.3, 4.1, 3.5, 2.6, 1.5, 0.6, 0.1, 0, 0, 0, 0, 0],
} as const;

const fmtValue = (v: number): string => decimal3(v);

interface Channel {
  readonly acct: Account;
  readonly sp: ServicePoint;
  readonly generated: boolean;
  /** Local days with data: the account's life within the window. */
  readonly firstDay: number;
  readonly lastDay: number;
}

/** The AMI service points followed, in population order: the same set for a seed in every delivery. */
function* channels(plan: IntervalPlan, counts: IntervalResult['accounts']): Generator<Channel> {
  const { state } = plan;
  const wanted = plan.meters > 0 ? plan.meters : Number.POSITIVE_INFINITY;
  let meters = 0;
  let previousIds: readonly string[] = [];
  const total = totalAccounts(state);
  for (let i = 0; i < total && (meters < wanted || previousIds.length > 0); i++) {
    const acct = accountAt(state, i);
    // Membership is judged on the first delivery's window, so incrementals follow the same meters.
    const everInactive = inactiveDayAsOf(state, acct, state.anchorUntil);
    const ami = acct.servicePoints.filter((sp) => sp.meterType === 'AMI');
    const inherited = ami.filter((sp) => previousIds.includes(sp.id));
    const fresh = ami.filter((sp) => !previousIds.includes(sp.id));
    previousIds = [];
    if (acct.activeDay > state.anchorUntil || (everInactive !== undefined && everInactive < state.historyStart)) continue;
    const take = [...inherited, ...fresh.slice(0, Math.max(0, Math.min(fresh.length, wanted - meters)))];
    meters += take.length - inherited.length;
    previousIds = take.map((sp) => sp.id);
    if (meters >= wanted && take.length === 0) break;
    const inactive = inactiveDayAsOf(state, acct, plan.toDay);
    const firstDay = Math.max(plan.fromDay, acct.activeDay);
    const lastDay = Math.min(plan.toDay, inactive ?? plan.toDay);
    if (take.length === 0 || firstDay > lastDay) continue;
    counts.total++;
    if (inactive === undefined) counts.active++;
    else counts.inactive++;
    for (const sp of take) {
      yield { acct, sp, generated: false, firstDay, lastDay };
      if (sp.solar) yield { acct, sp, generated: true, firstDay, lastDay };
    }
  }
}

/** Writes an interval delivery and returns what the manifest lists. */
export async function writeInterval(plan: IntervalPlan): Promise<IntervalResult> {
  const type = INTERVAL.fileTypes[0] as FileTypeSpec;
  const codec = codecFor(type);
  const header = codec.header;
  const cols = columnIndex(header);
  const name = buildFileName({ utility: plan.state.utility, population: 'res', version: INTERVAL.version, typeToken: `interval${plan.minutes}`, stamp: plan.stamp, extension: extensionOf(plan.compress) });
  const sink = new FileSink(join(plan.dir, name), plan.compress, name.replace(/\.zip$/, '.txt'), stampToLocalDate(plan.stamp));
  const planner = new DefectPlanner(plan.defectRate, plan.state.seed, `${plan.stamp}:interval${plan.minutes}`);
  const defects: Defect[] = [];
  if (planner.rate > 0 && planner.next() < Math.min(1, planner.rate * 100)) {
    sink.line(renameColumn(header, 'service_type').join('\t'));
    defects.push({ file: name, line: 1, column: 'service_type', kind: 'renamed-column' });
  } else {
    sink.line(header.join('\t'));
  }

  const offsets = new OffsetTable(plan.timeZone, plan.fromDay, plan.toDay);
  const step = plan.minutes;
  const counts = { total: 0, active: 0, inactive: 0 };
  const spIds = new Set<string>();
  // Share of the day per interval (a 25-hour day of 5-minute intervals has 300).
  const weights = new Float64Array(Math.ceil((25 * 60) / step) + 1);
  const rec: IntervalRecord = { sp: '', value: '', date: '', time: '', units: '', estimate: 'A', offset: '', serviceType: '', quantity: '' };

  for (const ch of channels(plan, counts)) {
    spIds.add(ch.sp.id);
    const { sp, acct } = ch;
    rec.sp = sp.id;
    rec.units = sp.meterUnit;
    rec.serviceType = sp.fuel === 'electric' ? 'ELECTRIC' : 'GAS';
    rec.quantity = ch.generated ? 'GENERATED' : '';
    const shape = ch.generated ? SHAPES.solar : sp.fuel === 'gas' ? SHAPES.gas : acct.business ? SHAPES.business : SHAPES.residential;
    const seed = plan.state.seed;
    const chKey = sp.key * 2 + (ch.generated ? 1 : 0);

    // One-row delay: an out-of-order defect writes the current row before the held one.
    let held: string | null = null;
    let heldClean = false;
    let beforeHeldClean = true;
    const flushHeld = (): void => {
      if (held !== null) sink.line(held);
      held = null;
    };

    for (let day = ch.firstDay; day <= ch.lastDay; day++) {
      const dayStart = offsets.utcOfLocal(day * 1440);
      const dayEnd = offsets.utcOfLocal((day + 1) * 1440);
      // 23 hours of intervals on the spring-forward day, 25 on the autumn day.
      const n = step === 1440 ? 1 : Math.round((dayEnd - dayStart) / step);
      const dstDay = step < 1440 && offsets.at(dayStart) !== offsets.at(dayEnd);
      // The day's total is what the meter records (billing reads sum the same days); the intervals share it
      // by the load shape with a little noise.
      const total = ch.generated
        ? sp.dailyBase * 0.7 * seasonFactor('electric', day) * (0.35 + 0.65 * unit(seed, chKey, day, 3))
        : dailyUse(plan.state, sp, day);
      // Now and then a meter-data problem: a gap, a flat line, a spike, or a block of estimates.
      const h = hash32(seed, chKey, day, 0x1a7e);
      const pos = (k: number): number => Math.floor(unit(seed, chKey, day, k) * n);
      let gapFrom = -1, gapTo = -1, flatFrom = -1, flatTo = -1, spikeAt = -1, estFrom = -1, estTo = -1;
      if (step < 1440) {
        const r = h & 0x3ff;
        if (r < 3) { gapFrom = pos(5); gapTo = gapFrom + 1 + ((h >>> 12) % Math.max(1, Math.min(8, Math.floor(n / 12)))); }
        else if (r < 5 && !ch.generated) { flatFrom = pos(6); flatTo = flatFrom + 26 + ((h >>> 12) % 20); }
        else if (r < 7 && !ch.generated) spikeAt = pos(7);
        else if (r < 17) { estFrom = pos(8); estTo = estFrom + 4 + ((h >>> 12) % 12); }
      }
      let wsum = 0;
      for (let k = 0; k < n; k++) {
        const t = step === 1440 ? dayEnd : dayStart + (k + 1) * step;
        const startMinute = (((t + offsets.at(t) - step) % 1440) + 1440) % 1440;
        const w = step === 1440 ? 1 : (shape[Math.floor(startMinute / 60)] ?? 1) * (ch.generated ? 1 : 0.8 + 0.4 * unit(seed, chKey, t, 11));
        weights[k] = w;
        wsum += w;
      }
      // A spike and a flat line move energy within the day but keep its total, so bill periods still agree.
      if (spikeAt >= 0 && spikeAt < n) {
        wsum += (weights[spikeAt] ?? 0) * 39;
        weights[spikeAt] = (weights[spikeAt] ?? 0) * 40;
      }
      let flatValue = '';
      if (flatFrom >= 0) {
        let run = 0;
        for (let k = flatFrom; k < Math.min(flatTo, n); k++) run += weights[k] ?? 0;
        const count = Math.min(flatTo, n) - flatFrom;
        if (count > 0) flatValue = fmtValue(Math.max((total * run) / wsum / count, 0.001));
      }

      for (let k = 0; k < n; k++) {
        if (k >= gapFrom && k < gapTo) continue;
        const t = step === 1440 ? dayEnd : dayStart + (k + 1) * step;
        const off = offsets.at(t);
        const local = t + off;
        const localDay = Math.floor(local / 1440);
        const minuteOfDay = local - localDay * 1440;
        const v = wsum > 0 ? (total * (weights[k] ?? 0)) / wsum : 0;
        rec.value = k >= flatFrom && k < flatTo && flatValue !== '' ? flatValue : fmtValue(v);
        rec.estimate = k >= estFrom && k < estTo ? 'E' : 'A';
        rec.date = compact(localDay);
        rec.time = TIMES[minuteOfDay] ?? '0000';
        rec.offset = formatOffset(off);

        if (!planner.roll()) {
          flushHeld();
          held = codec.line(rec);
          beforeHeldClean = heldClean;
          heldClean = true;
          if (sink.full) { flushHeld(); heldClean = false; await sink.flush(); }
          continue;
        }

        // A damaged row. Daylight-saving rows prefer the defects only they can carry.
        const prevOff = offsets.at(t - step);
        const springRow = step < 1440 && off > prevOff;
        const ambiguous = step < 1440 && (t + 60 + offsets.at(t + 60) === local || t - 60 + offsets.at(t - 60) === local);
        let kind: DefectKind | undefined;
        if (springRow && planner.next() < 0.8) kind = 'nonexistent-time';
        else if (ambiguous && planner.next() < 0.8) kind = 'ambiguous-time';
        else if (held !== null && heldClean && beforeHeldClean && !dstDay && planner.next() < 0.15) kind = 'out-of-order-interval';

        const fields = codec.fields(rec);
        let column: string;
        if (kind === 'out-of-order-interval') {
          // Write this row first, then the held (earlier) one: the earlier interval now comes after a later one.
          const earlier = held as string;
          held = null;
          sink.line(fields.join('\t'));
          defects.push({ file: name, line: sink.lines + 1, column: 'time', kind });
          sink.line(earlier);
          heldClean = false;
          beforeHeldClean = false;
          continue;
        }
        if (kind === 'nonexistent-time') {
          fields[cols.get('time') as number] = TIMES[(minuteOfDay - (off - prevOff) + 1440) % 1440] ?? '0200';
          column = 'time';
        } else if (kind === 'ambiguous-time') {
          fields[cols.get('UTC_offset') as number] = '';
          column = 'UTC_offset';
        } else {
          ({ kind, column } = damageIntervalRow(planner, fields, cols, header, dstDay));
        }
        flushHeld();
        defects.push({ file: name, line: sink.lines + 1, column, kind });
        const enc = encodeRow(fields);
        if ('bytes' in enc) await sink.rawLine(enc.bytes);
        else sink.line(enc.text);
        beforeHeldClean = false;
        heldClean = false;
      }
    }
    flushHeld();
    if (sink.full) await sink.flush();
  }
  await sink.close();
  return { files: [{ name, rows: sink.lines - 1 }], defects, accounts: counts, servicePoints: spIds.size };
}

const INTERVAL_SHAPE_KINDS: readonly DefectKind[] = ['short-row', 'long-row'];

/** A field or shape defect for an interval row; on daylight-saving days nothing that moves a row in time. */
function damageIntervalRow(planner: DefectPlanner, fields: string[], cols: ReadonlyMap<string, number>, header: readonly string[], dstDay: boolean): { kind: DefectKind; column: string } {
  const table = dstDay ? INTERVAL_FIELD_DEFECTS.filter((e) => e.kind !== 'offset-mismatch' && e.kind !== 'off-grid-time') : INTERVAL_FIELD_DEFECTS;
  const kinds: DefectKind[] = [...table.map((e) => e.kind), ...INTERVAL_SHAPE_KINDS];
  for (let attempt = 0; attempt < 4; attempt++) {
    const kind = planner.pick(kinds);
    if (kind === 'short-row' || kind === 'long-row') return { kind, column: damageShape(kind, fields, header) };
    const column = damageField(kind, table, fields, cols, planner);
    if (column !== undefined) return { kind, column };
  }
  return { kind: 'long-row', column: damageShape('long-row', fields, header) };
}
