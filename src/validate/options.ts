/** What a validation run is told: the standard, the profile, the phase and what the store already knows. */
import type { UtilityProfile } from '../spec/profile.js';
import type { Phase } from '../spec/types.js';

/** A loaded bill of a service point: its period, the billed usage and the service point's meter unit. */
export interface BilledRead {
  /** yyyyMMdd, the last day of the period. */
  readonly dateTo: string;
  /** Days in the period (date_to − duration + 1 … date_to). */
  readonly duration: number;
  readonly usage: number;
  /** meter_unit of the service point ('' when unknown). */
  readonly unit: string;
}

/** What the store knows about a feed; every member is optional (the CLI has none of them). */
export interface DeliveryContext {
  /** Service points already loaded for this utility. */
  knownServicePoint?(id: string): boolean;
  /** Legacy billing: the last loaded read of a service point. */
  lastLoadedRead?(servicePointId: string): { dateTo: string; duration: number } | undefined;
  /** Interval: the last loaded interval end of a channel ('sp|sqi'), as yyyyMMddHHmm local. */
  lastLoadedInterval?(channelKey: string): string | undefined;
  /**
   * Interval: the loaded bills of these service points, oldest first, only those inside `within` (yyyyMMdd
   * days, inclusive) when given. Asynchronous because a utility's bills can be millions of rows: the validator
   * asks once the files are read, for the service points it saw, in batches (checks/interval-bills.ts).
   */
  billedReads?(servicePointIds: readonly string[], within?: { from: string; to: string }): Promise<Map<string, BilledRead[]>>;
  /** Full phase: the accounts of the approved sample. */
  approvedSampleAccounts?: readonly string[];
  /** yyyyMMddHHmmss of the feed's last processed file. */
  lastProcessedStamp?: string;
}

export interface ValidateOptions {
  /**
   * The utility the delivery is for: file names that carry another utility code draw a warning
   * (DELIVERY_WRONG_UTILITY; the expected code is profile.fileNameCode, else the utility's own code). A warning,
   * not an error: the delivery is the login's or the uploader's either way, and the contract lets any delivery
   * be loaded for the utility named; the reviewer sees it, and so does the utility in its receipt.
   */
  utility?: string;
  /** Forces the standard for files whose names do not say it (`--standard`). */
  standard?: string;
  profile?: UtilityProfile;
  phase?: Phase;
  /** yyyy-MM-dd the phase rules are judged against; default today. */
  asOf?: string;
  /** Examples kept per issue (default 20). */
  maxExamples?: number;
  showPii?: boolean;
  /** Writes every occurrence to this CSV file. */
  issuesCsvPath?: string;
  context?: DeliveryContext;
  /** Path → name shown in the report, for files stored under other names. */
  displayNames?: Record<string, string>;
  /** Called now and then with bytes read so far (compressed) and the total, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}
