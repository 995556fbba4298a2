/**
 * Phase checks (spec/DECISIONS.md "Phases") over what the whole delivery taught: sample size and mix, history
 * depth, a sample that looks like a slice; the full history's coverage; an incremental's stamp order. Reads
 * before the last loaded one are checked per service point in usage-reads.ts, where the reads are.
 */
import type { UtilityProfile } from '../spec/profile.js';
import type { Phase } from '../spec/types.js';
import { dayNumber, formatDay } from '../validate/bytes.js';
import type { Occurrence } from '../validate/collector.js';
import { runIntervalSampleChecks } from './interval-phase.js';
import type { DeliveryState } from '../validate/delivery-state.js';

export const SAMPLE_MIN = 10_000;
export const SAMPLE_MAX = 20_000;
/** A read ending this many days after the window start still covers it (a bi-monthly read of Jan–Feb). */
const WINDOW_SLACK_DAYS = 65;

export interface PhaseInput {
  readonly phase: Phase;
  /** yyyy-MM-dd. */
  readonly asOf: string;
  readonly state: DeliveryState;
  readonly profile: UtilityProfile;
  readonly stamps: readonly string[];
  readonly standard: string;
}

export type Emit = (code: string, occ: Occurrence) => void;

export function windowStart(asOf: string): number {
  return dayNumber(Number(asOf.slice(0, 4)) - 1, 1, 1);
}

export function runPhaseChecks(p: PhaseInput, emit: Emit): void {
  const { state, phase } = p;
  const billing = p.standard === 'legacy-billing';
  const start = windowStart(p.asOf);
  const asOfDay = dayNumber(Number(p.asOf.slice(0, 4)), Number(p.asOf.slice(5, 7)), Number(p.asOf.slice(8, 10)));
  const accounts = state.accounts;

  if (billing && (phase === 'sample' || phase === 'full')) {
    if (state.hasCustomerData) {
      if (phase === 'sample') {
        if (accounts.size < SAMPLE_MIN) emit('PHASE_SAMPLE_TOO_SMALL', { received: String(accounts.size), expected: String(SAMPLE_MIN) });
        else if (accounts.size > SAMPLE_MAX) emit('PHASE_SAMPLE_TOO_LARGE', { received: String(accounts.size), expected: String(SAMPLE_MAX) });
        let active = 0;
        let inactive = 0;
        for (const a of accounts.values()) {
          if (a.inactiveDay >= 0 && a.inactiveDay <= asOfDay) inactive++;
          else active++;
        }
        if (accounts.size > 0 && (active === 0 || inactive === 0)) {
          emit('PHASE_SAMPLE_MIX', { received: `${active} active and ${inactive} inactive accounts` });
        }
        const slice = sliceReason(state);
        if (slice) emit('PHASE_SAMPLE_NOT_RANDOM', { received: slice });
      } else {
        const expected = p.profile.expectedAccounts;
        if (expected !== undefined && Math.abs(accounts.size - expected) > expected * 0.02) {
          emit('PHASE_COVERAGE', { received: String(accounts.size), expected: String(expected) });
        }
        const sample = state.context.approvedSampleAccounts ?? [];
        const missing = sample.filter((a) => !accounts.has(a));
        if (missing.length > 0) emit('PHASE_SAMPLE_ACCOUNT_MISSING', { received: String(missing.length), expected: missing.slice(0, 5).join(', ') });
      }
    }
    if (state.maxReadDay >= 0 && state.minReadDay > start + WINDOW_SLACK_DAYS) {
      emit('PHASE_HISTORY_TOO_SHORT', { received: formatDay(state.minReadDay), expected: formatDay(start) });
    }
    if (state.maxReadDay >= 0) {
      for (const [id, a] of accounts) {
        if (a.firstReadDay < 0) continue;
        const couldStart = Math.max(a.activeDay, start);
        if (a.firstReadDay > couldStart + WINDOW_SLACK_DAYS && (a.inactiveDay < 0 || a.inactiveDay > couldStart + WINDOW_SLACK_DAYS)) {
          emit('PHASE_ACCOUNT_HISTORY_SHORT', { received: id, expected: formatDay(a.firstReadDay), value: id });
        }
      }
    }
  }
  if (p.standard === 'interval' && phase === 'sample') runIntervalSampleChecks(state, emit);
  if (phase === 'incremental' && state.context.lastProcessedStamp) {
    const last = state.context.lastProcessedStamp;
    for (const s of p.stamps) if (s < last) emit('PHASE_STAMP_ORDER', { received: s, expected: last });
  }
}

/** Why the accounts look like a slice rather than a random sample, or '' when they do not. */
function sliceReason(state: DeliveryState): string {
  const accounts = state.accounts;
  if (accounts.size < 100) return '';
  const cycles = new Set<string>();
  const zips = new Set<string>();
  let numeric = true;
  let min = Infinity;
  let max = -Infinity;
  for (const [id, a] of accounts) {
    if (a.readCycle) cycles.add(a.readCycle);
    if (a.zip5) zips.add(a.zip5.slice(0, 3));
    const digits = /^\d{1,15}$/.test(id) ? Number(id) : /^[A-Za-z-]*(\d{1,15})$/.exec(id)?.[1];
    if (digits === undefined) numeric = false;
    else {
      const n = Number(digits);
      if (n < min) min = n;
      if (n > max) max = n;
    }
  }
  if (cycles.size === 1) return `every account is on read cycle ${[...cycles][0]}`;
  if (zips.size === 1) return `every account is in ZIP area ${[...zips][0]}xx`;
  if (numeric && max - min + 1 === accounts.size) return `the account ids form one contiguous block (${min}–${max})`;
  return '';
}
