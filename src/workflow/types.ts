/** The workflow's domain objects, as the services and the API see them (rows are mapped at the repository). */
import type { ReportSummary } from '../report/types.js';

export type FeedPhase = 'sample' | 'full' | 'incremental' | 'auto';
export type DeliveryPhase = 'sample' | 'full' | 'incremental';
export type DeliveryStatus = 'received' | 'validating' | 'rejected' | 'awaiting-review' | 'approved' | 'loading' | 'loaded' | 'failed';
/** Where a delivery came from: the web/API upload, or one of the SFTP folders. */
export type DeliverySource = 'upload' | 'shared_files' | 'Uploads';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['received', 'validating', 'rejected', 'awaiting-review', 'approved', 'loading', 'loaded', 'failed'];
export const FEED_PHASES: readonly FeedPhase[] = ['sample', 'full', 'incremental', 'auto'];

export interface Utility {
  readonly code: string;
  readonly name: string;
  /** Profile overrides (the default profile applies to everything not named). */
  readonly profile: Record<string, unknown>;
  readonly eu: boolean;
  readonly expectedAccounts: number | null;
  readonly webhookUrl: string | null;
  readonly createdAt: string;
}

export interface Feed {
  readonly id: number;
  readonly utility: string;
  readonly standard: string;
  readonly phase: FeedPhase;
  readonly lastProcessedStamp: string | null;
  readonly updatedAt: string;
}

/** The newest delivery of a feed, as the feed list shows it. */
export interface DeliveryRef {
  readonly id: string;
  readonly phase: DeliveryPhase;
  readonly round: number;
  readonly status: DeliveryStatus;
  readonly summary: ReportSummary | null;
  readonly createdAt: string;
}

/** A feed with its status: that of its newest delivery, or `waiting` before the first one. */
export interface FeedView extends Feed {
  readonly status: DeliveryStatus | 'waiting';
  readonly lastDelivery: DeliveryRef | null;
}

export interface DeliveryFile {
  readonly name: string;
  readonly bytes: number;
  /** Where the file sits in the file store (never shown to a utility). */
  readonly path: string;
}

export interface Delivery {
  readonly id: string;
  readonly utility: string;
  readonly feedId: number;
  readonly standard: string;
  readonly phase: DeliveryPhase;
  readonly round: number;
  readonly source: DeliverySource;
  readonly status: DeliveryStatus;
  readonly files: readonly DeliveryFile[];
  readonly summary: ReportSummary | null;
  readonly asOf: string | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the raw files were deleted after the retention period (null: still there). */
  readonly filesPurgedAt: string | null;
}

export interface AuditEntry {
  readonly id: number;
  readonly utility: string;
  readonly deliveryId: string | null;
  readonly feedId: number | null;
  readonly action: string;
  readonly from: string | null;
  readonly to: string;
  readonly actor: string;
  readonly comment: string | null;
  readonly at: string;
}

/** Who asks: a person with a token (operator or utility), or the system itself (worker, auto-load). */
export type Actor =
  | { readonly kind: 'operator'; readonly name: string }
  | { readonly kind: 'utility'; readonly name: string; readonly utility: string }
  | { readonly kind: 'system'; readonly name: string };

export const SYSTEM: Actor = { kind: 'system', name: 'system' };
export const actorName = (a: Actor): string => (a.kind === 'system' ? a.name : `${a.kind}:${a.name}`);
