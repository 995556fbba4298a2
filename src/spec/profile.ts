/**
 * Utility profiles: the default profile plus one utility's overrides (spec/DECISIONS.md). Profiles are data:
 * stored per utility, shown in the UI, validated when read.
 */

export interface IntervalThresholds {
  /** A run of identical non-zero values at least this many intervals long is a flat line. */
  readonly flatLineIntervals: number;
  /** A run of zeros at least this many hours long is reported. */
  readonly zeroRunHours: number;
  /** A day's highest interval above this multiple of its third-highest is a spike. */
  readonly spikeRatio: number;
  /** Minimum value of the day's highest interval for a spike to count (avoids noise at tiny loads). */
  readonly spikeMinValue: number;
  /**
   * Where billing data is loaded: a bill period's interval sum may differ from the billed usage_value by this
   * fraction of it (0.02 = 2 %) before INTERVAL_BILL_MISMATCH is reported.
   */
  readonly billUsageTolerance: number;
}

export interface UtilityProfile {
  readonly allowNegativeUsage: boolean;
  readonly allowAccountDeletion: boolean;
  readonly usesCcb: boolean;
  /** IANA time zone of local times in interval files. */
  readonly timeZone: string;
  /** Number of accounts the utility has (full historical coverage check, ±2 %). */
  readonly expectedAccounts?: number;
  /** Extra allowed values per column name, on top of the standard's list. */
  readonly extraEnumValues: Readonly<Record<string, readonly string[]>>;
  /** Optional columns this utility must fill. */
  readonly requiredColumns: readonly string[];
  /** Legacy billing layout agreed with the utility. */
  readonly layout?: 'two-file' | 'single-file';
  readonly interval: IntervalThresholds;
  /** EU utilities keep raw files 30 days instead of 60. */
  readonly eu: boolean;
  /**
   * The utility code its file names carry (opwr_<code>_…) *(Intake)*, when it is not the utility's own code:
   * file names allow 3–4 lowercase letters or digits, utility codes in Intake up to 64 characters.
   */
  readonly fileNameCode?: string;
}

export const DEFAULT_PROFILE: UtilityProfile = Object.freeze({
  allowNegativeUsage: false,
  allowAccountDeletion: false,
  usesCcb: false,
  timeZone: 'America/New_York',
  extraEnumValues: Object.freeze({}),
  requiredColumns: Object.freeze([]),
  interval: Object.freeze({ flatLineIntervals: 24, zeroRunHours: 72, spikeRatio: 10, spikeMinValue: 1, billUsageTolerance: 0.02 }),
  eu: false,
});

/** Days a utility's raw files are kept once sent (SFTP areas and the delivery file store): 60, EU 30. */
export function rawRetentionDays(profile: Pick<UtilityProfile, 'eu'>): number {
  return profile.eu ? 30 : 60;
}

/** The utility token of the file-name convention (opwr_<code>_…). */
const FILE_NAME_CODE = /^[a-z0-9]{3,4}$/;

/**
 * The utility code a utility's file names must carry: the profile's fileNameCode, else its own code when that
 * fits the file-name convention; undefined when neither says (then file names are not checked against it).
 */
export function fileNameCodeOf(utility: string, profile: UtilityProfile): string | undefined {
  return profile.fileNameCode ?? (FILE_NAME_CODE.test(utility) ? utility : undefined);
}

export type ProfileOverrides = { readonly [K in keyof UtilityProfile]?: UtilityProfile[K] extends object ? Partial<UtilityProfile[K]> | UtilityProfile[K] : UtilityProfile[K] };

/** Thrown for a profile that cannot be used: a broken definition, not broken data. */
export class ProfileError extends Error {
  readonly code = 'PROFILE_INVALID';
}

/** Merges overrides onto the default profile, rejecting unknown keys and wrong types. */
export function resolveProfile(overrides: unknown = {}): UtilityProfile {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new ProfileError('a profile is a JSON object');
  }
  const o = overrides as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_PROFILE).concat(['expectedAccounts', 'layout', 'fileNameCode']));
  for (const k of Object.keys(o)) if (!known.has(k)) throw new ProfileError(`unknown profile key "${k}"`);
  const bool = (k: string, d: boolean): boolean => {
    const v = o[k];
    if (v === undefined) return d;
    if (typeof v !== 'boolean') throw new ProfileError(`profile key "${k}" must be true or false`);
    return v;
  };
  const timeZone = o.timeZone ?? DEFAULT_PROFILE.timeZone;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) throw new ProfileError(`unknown time zone "${String(timeZone)}"`);
  const extra = o.extraEnumValues ?? {};
  if (typeof extra !== 'object' || extra === null) throw new ProfileError('extraEnumValues maps column names to lists of values');
  for (const [k, v] of Object.entries(extra)) {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ProfileError(`extraEnumValues.${k} must be a list of strings`);
  }
  const requiredColumns = o.requiredColumns ?? [];
  if (!Array.isArray(requiredColumns) || requiredColumns.some((x) => typeof x !== 'string')) throw new ProfileError('requiredColumns is a list of column names');
  const interval = { ...DEFAULT_PROFILE.interval, ...((o.interval as object | undefined) ?? {}) };
  for (const [k, v] of Object.entries(interval)) {
    if (typeof v !== 'number' || !(v > 0)) throw new ProfileError(`interval.${k} must be a positive number`);
  }
  const profile: UtilityProfile = {
    allowNegativeUsage: bool('allowNegativeUsage', false),
    allowAccountDeletion: bool('allowAccountDeletion', false),
    usesCcb: bool('usesCcb', false),
    eu: bool('eu', false),
    timeZone,
    extraEnumValues: extra as Record<string, string[]>,
    requiredColumns: requiredColumns as string[],
    interval,
  };
  if (o.expectedAccounts !== undefined) {
    if (typeof o.expectedAccounts !== 'number' || !Number.isInteger(o.expectedAccounts) || o.expectedAccounts < 0) {
      throw new ProfileError('expectedAccounts must be a whole number');
    }
    (profile as { expectedAccounts?: number }).expectedAccounts = o.expectedAccounts;
  }
  if (o.fileNameCode !== undefined) {
    if (typeof o.fileNameCode !== 'string' || !FILE_NAME_CODE.test(o.fileNameCode)) throw new ProfileError('fileNameCode is 3–4 lowercase letters or digits');
    (profile as { fileNameCode?: string }).fileNameCode = o.fileNameCode;
  }
  if (o.layout !== undefined) {
    if (o.layout !== 'two-file' && o.layout !== 'single-file') throw new ProfileError('layout is two-file or single-file');
    (profile as { layout?: 'two-file' | 'single-file' }).layout = o.layout;
  }
  return Object.freeze(profile);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
