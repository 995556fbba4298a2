/**
 * `intake generate` as a library: realistic synthetic deliveries with injected defects and a manifest.
 * Same options and seed, same bytes.
 */
import { mkdir } from 'node:fs/promises';
import { civil, dayOf, iso, parseIso, compact } from './calendar.js';
import { writeLegacyBilling, sampleSize } from './legacy-billing.js';
import { readManifest, writeManifest, type GeneratorState, type Manifest, type Selection } from './manifest.js';
import { DEFAULT_UNTIL, DEFAULT_UTILITY, GenerateOptionError, type GenerateOptions } from './options.js';
import { newPopulation, totalAccounts, type PopulationState, type Segment } from './population.js';
import { writeInterval } from './interval.js';
import { GENERIC_STANDARDS, writeGeneric } from './generic.js';
import { findStandard } from '../spec/index.js';

export { GenerateOptionError, type GenerateOptions } from './options.js';
export type { Manifest } from './manifest.js';
export { DEFECT_KINDS, type Defect, type DefectKind } from './defects.js';

function day(text: string, option: string): number {
  const d = parseIso(text);
  if (d === undefined) throw new GenerateOptionError(`${option} must be a real date YYYY-MM-DD; got "${text}"`);
  return d;
}

/** The stamp of a delivery whose data ends on `until`: midnight at the end of that day. */
function stampOf(until: number): string {
  return `${compact(until + 1)}000000`;
}

/** New customers an incremental brings: a small share of the population per month, at least one. */
function newCustomers(population: number, days: number): number {
  return Math.max(1, Math.round((population * 0.0015 * days) / 30));
}

/** Generates one delivery into `options.out` and writes its manifest; returns the manifest. */
export async function generate(options: GenerateOptions): Promise<Manifest> {
  if (GENERIC_STANDARDS.includes(options.standard)) return generateGeneric(options);
  if (options.standard !== 'legacy-billing' && options.standard !== 'interval') throw new GenerateOptionError(`intake generate does not know the standard "${String(options.standard)}"`);
  const rate = options.defects ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new GenerateOptionError(`--defects must be a share between 0 and 1; got ${rate}`);
  // Interval has no full-historical phase: its history comes as the sample (at least 13 months).
  const phase = options.phase ?? (options.standard === 'interval' ? 'sample' : 'full');
  if (options.standard === 'interval' && phase === 'full') throw new GenerateOptionError('interval has the phases sample and incremental (no full historical)');
  if (phase === 'incremental' && !options.after) throw new GenerateOptionError('--phase incremental needs --after DIR (the delivery it continues)');
  if (phase !== 'incremental' && options.after) throw new GenerateOptionError('--after only goes with --phase incremental');
  await mkdir(options.out, { recursive: true });

  let state: PopulationState;
  let selection: Selection;
  let fromDay: number;
  let toDay: number;
  let previousUntil: number | undefined;
  let previous: Manifest | undefined;
  let since: number;

  if (phase === 'incremental') {
    previous = await readManifest(options.after as string);
    if (previous.standard !== options.standard) {
      throw new GenerateOptionError(`--after holds a ${previous.standard} delivery; this is ${options.standard}`);
    }
    const ps = previous.state;
    previousUntil = day(ps.until, 'the earlier delivery\'s until');
    toDay = options.until !== undefined ? day(options.until, '--until') : previousUntil + (options.standard === 'interval' ? (options.days ?? 1) : 31);
    if (toDay <= previousUntil) throw new GenerateOptionError(`--until must be after the earlier delivery's last day ${ps.until}`);
    fromDay = previousUntil + 1;
    since = fromDay;
    const base: PopulationState = { seed: previous.seed, utility: previous.utility, historyStart: day(ps.historyStart, 'historyStart'), anchorUntil: day(ps.anchorUntil, 'anchorUntil'), segments: ps.segments };
    const segments: Segment[] = [...ps.segments];
    if (options.standard === 'legacy-billing') {
      segments.push({ first: totalAccounts(base), count: newCustomers(base.segments[0]?.count ?? 0, toDay - previousUntil), openedAfter: previousUntil, openedUntil: toDay });
    }
    state = { ...base, segments };
    selection = ps.selection;
  } else {
    toDay = day(options.until ?? DEFAULT_UNTIL, '--until');
    // Interval with --meters alone: enough accounts to hold that many AMI service points (about 0.9 per account).
    const accounts = options.accounts ?? (options.standard === 'interval' && options.meters !== undefined ? Math.ceil(options.meters / 0.8) + 10 : 1000);
    if (!Number.isInteger(accounts) || accounts < 1) throw new GenerateOptionError(`--accounts must be a whole number ≥ 1; got ${accounts}`);
    if (options.since !== undefined) since = day(options.since, '--since');
    else if (options.standard === 'interval') since = toDay - (options.days ?? 396) + 1;
    else since = dayOf(civil(toDay).y - 1, 1, 1);
    if (since > toDay) throw new GenerateOptionError('--since must not be after --until');
    // Billing history starts a cycle and a half before `since`, so the first period of each account covers it.
    fromDay = options.standard === 'interval' ? since : since - 45;
    // The population's timeline is anchored on --until alone (not on --since), so legacy billing and interval
    // deliveries of one seed, utility and --until describe the same customers, moves and meters.
    state = newPopulation(options.seed ?? 1, options.utility ?? DEFAULT_UTILITY, accounts, dayOf(civil(toDay).y - 1, 1, 1), toDay);
    selection = phase === 'sample' && options.standard === 'legacy-billing' ? { kind: 'sample', size: sampleSize(state.seed, accounts) } : { kind: 'all' };
  }
  const stamp = stampOf(toDay);
  // An incremental keeps the compression of the delivery it continues unless told otherwise.
  const compress = options.compress ?? (previous?.compress as GenerateOptions['compress'] | undefined) ?? 'gz';

  let files: Manifest['files'];
  let defects: Manifest['defects'];
  let counts: Manifest['accounts'];
  let servicePoints: number;
  let extra: Partial<GeneratorState> = {};
  if (options.standard === 'legacy-billing') {
    const layout = previous?.state.layout ?? options.layout ?? 'two-file';
    const r = await writeLegacyBilling({
      dir: options.out, state, selection, layout, compress, stamp, defectRate: rate, fromDay, toDay,
      ...(previousUntil !== undefined ? { previousUntil } : {}),
    });
    ({ files, defects, servicePoints } = r);
    counts = r.accounts;
    extra = { layout };
  } else {
    const minutes = previous?.state.intervalMinutes ?? options.interval ?? 60;
    const meters = previous?.state.meters ?? options.meters ?? 0;
    const timeZone = previous?.state.timeZone ?? options.timeZone ?? 'America/New_York';
    const r = await writeInterval({ dir: options.out, state, compress, stamp, defectRate: rate, fromDay, toDay, minutes, meters, timeZone });
    ({ files, defects, servicePoints } = r);
    counts = r.accounts;
    extra = { intervalMinutes: minutes, meters, timeZone };
  }

  const manifest: Manifest = {
    standard: options.standard,
    utility: state.utility,
    seed: state.seed,
    files,
    defects,
    phase,
    since: iso(since),
    until: iso(toDay),
    defectRate: rate,
    compress,
    accounts: counts,
    servicePoints,
    state: {
      historyStart: iso(state.historyStart),
      anchorUntil: iso(state.anchorUntil),
      segments: state.segments,
      selection,
      until: iso(toDay),
      stamp,
      ...extra,
    },
  };
  await writeManifest(options.out, manifest);
  return manifest;
}

/**
 * A clean delivery of a standard without a dedicated generator (generic.ts): every file type of the standard,
 * about --accounts rows each, dates over --since..--until, with --defects rows damaged one field each; with
 * --phase incremental and --after, the days after that delivery for about a tenth of its accounts.
 */
async function generateGeneric(options: GenerateOptions): Promise<Manifest> {
  const spec = findStandard(options.standard);
  if (!spec) throw new GenerateOptionError(`intake generate does not know the standard "${options.standard}"`);
  const rate = options.defects ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new GenerateOptionError(`--defects must be a share between 0 and 1; got ${rate}`);
  if (options.layout !== undefined) throw new GenerateOptionError('--layout goes with legacy-billing');
  const phase = options.phase ?? (spec.phases.includes('full') ? 'full' : (spec.phases[0] ?? 'full'));
  if (!spec.phases.includes(phase)) throw new GenerateOptionError(`${spec.id} has the phases ${spec.phases.join(', ')}; not ${phase}`);
  if (phase === 'incremental' && !options.after) throw new GenerateOptionError('--phase incremental needs --after DIR (the delivery it continues)');
  if (phase !== 'incremental' && options.after) throw new GenerateOptionError('--after only goes with --phase incremental');
  // An incremental continues the delivery in --after: the days after its last one (31 by default), its
  // utility, seed and compression, and about a tenth of its accounts with new or changed records.
  const prev = options.after !== undefined ? await readManifest(options.after) : undefined;
  if (prev && prev.standard !== spec.id) throw new GenerateOptionError(`--after holds a ${prev.standard} delivery, not ${spec.id}`);
  const prevUntil = prev ? day(prev.until, '--after manifest until') : undefined;
  const toDay = prevUntil !== undefined && options.until === undefined ? prevUntil + 31 : day(options.until ?? DEFAULT_UNTIL, '--until');
  const since = prevUntil !== undefined ? prevUntil + 1 : options.since !== undefined ? day(options.since, '--since') : dayOf(civil(toDay).y - 1, 1, 1);
  if (since > toDay) throw new GenerateOptionError(prev ? '--until must be after the last day of the delivery in --after' : '--since must not be after --until');
  const accounts = options.accounts ?? (prev ? Math.max(1, Math.round(prev.accounts.total / 10)) : 1000);
  if (!Number.isInteger(accounts) || accounts < 1) throw new GenerateOptionError(`--accounts must be a whole number ≥ 1; got ${accounts}`);
  await mkdir(options.out, { recursive: true });
  const seed = options.seed ?? prev?.seed ?? 1;
  const utility = options.utility ?? prev?.utility ?? DEFAULT_UTILITY;
  const compress = options.compress ?? (prev?.compress as GenerateOptions['compress'] | undefined) ?? 'gz';
  const stamp = stampOf(toDay);
  // An incremental's rows draw from a stream of their own (the seed mixed with its first day), so its records
  // change rather than repeat the earlier delivery's values.
  const rowSeed = prev ? (Math.imul(seed ^ since, 0x9e3779b1) >>> 0) : seed;
  const { files, defects } = await writeGeneric({ dir: options.out, standard: spec, utility, seed: rowSeed, compress, stamp, rows: accounts, fromDay: since, toDay, defects: rate });
  const manifest: Manifest = {
    standard: spec.id,
    utility,
    seed,
    files,
    defects,
    phase,
    since: iso(since),
    until: iso(toDay),
    defectRate: rate,
    compress,
    accounts: { total: accounts, active: accounts, inactive: 0 },
    // Account (SA-SP) and premise rows each name service point SP-i.
    servicePoints: spec.id === 'account' || spec.id === 'premise' ? accounts : 0,
    state: {
      historyStart: iso(since),
      anchorUntil: iso(toDay),
      segments: [],
      selection: { kind: 'all' },
      until: iso(toDay),
      stamp,
    },
  };
  await writeManifest(options.out, manifest);
  return manifest;
}
