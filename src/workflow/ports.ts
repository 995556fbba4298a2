/**
 * The side effects the workflow needs, each behind a small port. The composition root (src/app) picks the real
 * ones (the lead's engine, the store's loader, the local file store, the durable queue); tests pass their own.
 */
import type { Report } from '../report/types.js';
import type { UtilityProfile } from '../spec/profile.js';
import type { Queryable } from '../store/db.js';
import type { DeliveryContext } from '../validate/options.js';

/** What the store knows about a utility's data, for the phase checks (the engine's type). */
export type { DeliveryContext } from '../validate/options.js';

export interface ValidateRequest {
  /** The utility the delivery belongs to (file names of another utility are an error). */
  readonly utility: string;
  readonly standard: string;
  readonly profile: UtilityProfile;
  readonly phase: 'sample' | 'full' | 'incremental';
  readonly asOf: string;
  readonly context: DeliveryContext;
  readonly displayNames: Record<string, string>;
  readonly maxExamples: number;
  /** Where to write every occurrence as CSV (the issues.csv download). */
  readonly issuesCsvPath?: string;
}

/** The validation engine (src/validate). */
export interface Validator {
  validate(paths: string[], request: ValidateRequest): Promise<Report>;
}

/** The loader (src/store): loading the same delivery twice changes nothing. */
export interface Loader {
  load(input: { deliveryId: string; utility: string; standard: string; files: { path: string; name: string }[]; profile: UtilityProfile }): Promise<void>;
  /** Builds the store's side of the phase checks for one utility and standard. */
  context(utility: string, standard: string): Promise<Pick<DeliveryContext, 'knownServicePoint' | 'lastLoadedRead' | 'lastLoadedInterval' | 'billedReads'>>;
}

/** Where delivery files live: DATA_DIR/files/<utility>/<delivery id>/<name>. */
export interface FileStore {
  /** Copies (or, with `move`, moves) a file into the delivery's folder; returns its stored path and size. */
  put(utility: string, deliveryId: string, name: string, source: string, opts?: { move?: boolean }): Promise<{ path: string; bytes: number }>;
  /** The folder a delivery's files go to (for streaming uploads straight into place). */
  folder(utility: string, deliveryId: string): Promise<string>;
  /** Where a delivery's derived file (e.g. its issues CSV) is kept, outside the delivery's own files. */
  derived(utility: string, deliveryId: string, name: string): Promise<string>;
  /** Deletes a delivery's own files (not its derived ones); returns how many there were. */
  removeFiles(utility: string, deliveryId: string): Promise<number>;
}

/** The names of the jobs the workflow enqueues. The worker registers one handler per name (src/jobs). */
export const JOB_NAMES = ['delivery.validate', 'delivery.load', 'webhook.send'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/**
 * The durable queue, as producers see it. Enqueueing inside `tx` commits with the caller's transaction. Jobs with
 * one lock key run one at a time, in (orderKey, enqueue) order; a dedupe key makes a second enqueue a no-op.
 */
export interface JobQueue {
  enqueue(name: JobName, payload: Record<string, unknown>, opts?: { lockKey?: string; orderKey?: string; dedupeKey?: string; tx?: Queryable; maxAttempts?: number }): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Reads the account ids of a sample delivery (the full historical must hold every one). */
export type SampleAccountReader = (files: { path: string; name: string }[]) => Promise<string[]>;
