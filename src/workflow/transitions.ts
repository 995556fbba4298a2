/**
 * The workflow as two declared transition tables: a delivery's status and a feed's phase. Every move the services
 * make goes through `deliveryMove` / `feedMove`; a move that is not in a table is a coded result, never an `if`
 * scattered through the code. The gates (what a feed accepts in which phase) sit here too.
 */
import type { DeliveryPhase, DeliveryStatus, FeedPhase } from './types.js';
import type { WorkflowErrorCode } from './errors.js';

export type DeliveryAction = 'start-validation' | 'pass' | 'find-errors' | 'fail' | 'approve' | 'reject' | 'start-load' | 'finish-load';

/** Every legal move of a delivery's status (contract.md "status of a delivery"). */
export const DELIVERY_TRANSITIONS: readonly { readonly from: DeliveryStatus; readonly action: DeliveryAction; readonly to: DeliveryStatus }[] = [
  { from: 'received', action: 'start-validation', to: 'validating' },
  { from: 'validating', action: 'pass', to: 'awaiting-review' },
  { from: 'validating', action: 'find-errors', to: 'rejected' },
  { from: 'validating', action: 'fail', to: 'failed' },
  { from: 'awaiting-review', action: 'approve', to: 'approved' },
  { from: 'awaiting-review', action: 'reject', to: 'rejected' },
  { from: 'approved', action: 'start-load', to: 'loading' },
  { from: 'loading', action: 'finish-load', to: 'loaded' },
  { from: 'loading', action: 'fail', to: 'failed' },
];

/** What happens to a feed; each event is raised by one delivery move (see service.ts). */
export type FeedEvent = 'sample-approved' | 'history-loaded' | 'incremental-approved';

/**
 * Every legal move of a feed's phase. A standard may skip a phase: interval has no `full`, so its sample
 * historical, once loaded, is the history and the feed goes straight to incrementals.
 */
export const FEED_TRANSITIONS: readonly { readonly from: FeedPhase; readonly event: FeedEvent; readonly to: FeedPhase }[] = [
  { from: 'sample', event: 'sample-approved', to: 'full' },
  { from: 'sample', event: 'history-loaded', to: 'incremental' },
  { from: 'full', event: 'history-loaded', to: 'incremental' },
  { from: 'incremental', event: 'incremental-approved', to: 'auto' },
];

export type MoveResult<T> = { readonly ok: true; readonly to: T } | { readonly ok: false; readonly code: WorkflowErrorCode; readonly message: string };

export function deliveryMove(from: DeliveryStatus, action: DeliveryAction): MoveResult<DeliveryStatus> {
  const edge = DELIVERY_TRANSITIONS.find((t) => t.from === from && t.action === action);
  if (edge) return { ok: true, to: edge.to };
  return { ok: false, code: 'DELIVERY_ILLEGAL_TRANSITION', message: `a delivery that is ${from} cannot ${action.replace('-', ' ')}` };
}

/**
 * The move of a feed for an event, given the phases its standard goes through (spec `phases`): an edge into a
 * phase the standard does not have is not legal for that standard.
 */
export function feedMove(from: FeedPhase, event: FeedEvent, standardPhases: readonly DeliveryPhase[]): MoveResult<FeedPhase> {
  const has = (p: FeedPhase): boolean => p === 'auto' || standardPhases.includes(p);
  const edge = FEED_TRANSITIONS.find((t) => t.from === from && t.event === event && has(t.from) && has(t.to));
  // `sample → incremental` on history-loaded is only for standards that skip `full`.
  if (edge && !(edge.from === 'sample' && edge.event === 'history-loaded' && standardPhases.includes('full'))) return { ok: true, to: edge.to };
  return { ok: false, code: 'FEED_ILLEGAL_TRANSITION', message: `a feed in phase ${from} cannot take "${event}"` };
}

/** The phase of a delivery that arrives while its feed is in `phase`. */
export function deliveryPhaseOf(phase: FeedPhase): DeliveryPhase {
  return phase === 'auto' ? 'incremental' : phase;
}

/** The first phase of a new feed. */
export function firstPhase(standardPhases: readonly DeliveryPhase[]): FeedPhase {
  return standardPhases[0] ?? 'sample';
}

/**
 * The gates: a delivery that claims a phase is accepted only when the feed is there. A full historical needs an
 * approved sample; incrementals need the full history loaded; a phase that is behind the feed is passed.
 */
export function gate(feedPhase: FeedPhase, requested: DeliveryPhase, standardPhases: readonly DeliveryPhase[]): MoveResult<DeliveryPhase> {
  const current = deliveryPhaseOf(feedPhase);
  if (requested === current) return { ok: true, to: requested };
  if (!standardPhases.includes(requested)) return { ok: false, code: 'GATE_PHASE_MISMATCH', message: `this standard has no ${requested} phase (phases: ${standardPhases.join(', ')})` };
  const order = standardPhases.indexOf(requested) - standardPhases.indexOf(current);
  if (order < 0) return { ok: false, code: 'GATE_PHASE_PASSED', message: `the feed is past the ${requested} phase (now ${feedPhase})` };
  if (current === 'sample') {
    return requested === 'full'
      ? { ok: false, code: 'GATE_SAMPLE_NOT_APPROVED', message: 'a full historical is accepted only after the sample is approved' }
      : { ok: false, code: 'GATE_HISTORY_NOT_LOADED', message: 'incrementals are accepted only after the history is loaded' };
  }
  return { ok: false, code: 'GATE_HISTORY_NOT_LOADED', message: 'incrementals are accepted only after the full history is loaded' };
}

/** Whether an approved delivery is loaded into the store: a sample is only loaded when it is the history. */
export function loadsOnApproval(phase: DeliveryPhase, standardPhases: readonly DeliveryPhase[]): boolean {
  return phase !== 'sample' || !standardPhases.includes('full');
}

/**
 * Whether a delivery with no errors loads without a person: only once the feed is in `auto`, and never for
 * files sent to `shared_files/` (always reviewed).
 */
export function loadsWithoutReview(feedPhase: FeedPhase, source: 'upload' | 'shared_files' | 'Uploads'): boolean {
  return feedPhase === 'auto' && source !== 'shared_files';
}

/** Feed event raised by approving a delivery of `phase` while its feed is in `feedPhase`, if any. */
export function eventOnApproval(phase: DeliveryPhase, feedPhase: FeedPhase, standardPhases: readonly DeliveryPhase[]): FeedEvent | undefined {
  if (phase === 'sample' && standardPhases.includes('full')) return 'sample-approved';
  if (phase === 'incremental' && feedPhase === 'incremental') return 'incremental-approved';
  return undefined;
}

/** Feed event raised by loading a delivery, if any: the history (full, or a sample of a standard with no full). */
export function eventOnLoad(phase: DeliveryPhase, feedPhase: FeedPhase, standardPhases: readonly DeliveryPhase[]): FeedEvent | undefined {
  if (phase === 'full' && feedPhase === 'full') return 'history-loaded';
  if (phase === 'sample' && feedPhase === 'sample' && !standardPhases.includes('full')) return 'history-loaded';
  return undefined;
}
