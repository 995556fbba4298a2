/** Options of one generation run, as the CLI (or a test, or a benchmark) passes them. */
import type { StandardId } from '../spec/index.js';
import type { Compression } from './sink.js';

/**
 * Any implemented standard: legacy-billing and interval have dedicated generators (with defects and phases);
 * the others are generated clean by generic.ts.
 */
export type GenerateStandard = StandardId;

export interface GenerateOptions {
  readonly standard: GenerateStandard;
  readonly out: string;
  /** Accounts in the population (sample draws 10,000–20,000 of them; full writes all). */
  readonly accounts?: number;
  readonly utility?: string;
  /** yyyy-MM-dd; default: 1 January of the year before `until` (interval: 13 months before `until`). */
  readonly since?: string;
  /** yyyy-MM-dd, the last day of data; default 2025-06-30 (never today: same arguments, same bytes). */
  readonly until?: string;
  readonly seed?: number;
  /** Share of rows to damage, 0 ≤ rate ≤ 1. */
  readonly defects?: number;
  readonly compress?: Compression;
  readonly phase?: 'sample' | 'full' | 'incremental';
  /** For an incremental: the folder of the delivery it continues. */
  readonly after?: string;
  readonly layout?: 'two-file' | 'single-file';
  /** Interval: length in minutes (5, 15, 30, 60, 1440). */
  readonly interval?: number;
  /** Interval: meters (service points with AMI meters) to write. */
  readonly meters?: number;
  /** Interval: days of data ending on `until`. */
  readonly days?: number;
  /** Interval: IANA time zone of local times (the profile's timeZone). */
  readonly timeZone?: string;
}

export const DEFAULT_UNTIL = '2025-06-30';
export const DEFAULT_UTILITY = 'demo';

/** Thrown for options that cannot work together (the CLI turns it into a usage error). */
export class GenerateOptionError extends Error {
  readonly code = 'GENERATE_OPTIONS';
}
