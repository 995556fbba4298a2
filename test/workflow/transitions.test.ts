import { describe, expect, it } from 'vitest';
import {
  DELIVERY_TRANSITIONS, FEED_TRANSITIONS, deliveryMove, eventOnApproval, eventOnLoad, feedMove, gate, loadsOnApproval, loadsWithoutReview,
  type DeliveryAction, type FeedEvent,
} from '../../src/workflow/transitions.js';
import { DELIVERY_STATUSES, FEED_PHASES } from '../../src/workflow/types.js';

const ACTIONS: DeliveryAction[] = ['start-validation', 'pass', 'find-errors', 'fail', 'approve', 'reject', 'start-load', 'finish-load'];
const EVENTS: FeedEvent[] = ['sample-approved', 'history-loaded', 'incremental-approved'];
const BILLING = ['sample', 'full', 'incremental'] as const;
const INTERVAL = ['sample', 'incremental'] as const;

describe('delivery transition table', () => {
  // Every (status, action) pair: the table's edges go where they say, every other pair is a coded refusal.
  const expected: Record<string, string> = {
    'received/start-validation': 'validating',
    'validating/pass': 'awaiting-review',
    'validating/find-errors': 'rejected',
    'validating/fail': 'failed',
    'awaiting-review/approve': 'approved',
    'awaiting-review/reject': 'rejected',
    'approved/start-load': 'loading',
    'loading/finish-load': 'loaded',
    'loading/fail': 'failed',
  };
  for (const from of DELIVERY_STATUSES) {
    for (const action of ACTIONS) {
      const to = expected[`${from}/${action}`];
      it(`${from} --${action}--> ${to ?? 'refused'}`, () => {
        const r = deliveryMove(from, action);
        if (to) expect(r).toEqual({ ok: true, to });
        else expect(r).toMatchObject({ ok: false, code: 'DELIVERY_ILLEGAL_TRANSITION' });
      });
    }
  }
  it('declares exactly the edges above', () => {
    expect(DELIVERY_TRANSITIONS.map((t) => `${t.from}/${t.action}`).sort()).toEqual(Object.keys(expected).sort());
  });
  it('has no way out of a final status', () => {
    for (const s of ['rejected', 'loaded', 'failed'] as const) expect(DELIVERY_TRANSITIONS.some((t) => t.from === s)).toBe(false);
  });
});

describe('feed transition table', () => {
  const billing: Record<string, string> = {
    'sample/sample-approved': 'full',
    'full/history-loaded': 'incremental',
    'incremental/incremental-approved': 'auto',
  };
  // Interval skips `full`: its sample historical, once loaded, is the history.
  const interval: Record<string, string> = {
    'sample/history-loaded': 'incremental',
    'incremental/incremental-approved': 'auto',
  };
  for (const [label, phases, table] of [['legacy billing', BILLING, billing], ['interval', INTERVAL, interval]] as const) {
    for (const from of FEED_PHASES) {
      for (const event of EVENTS) {
        const to = table[`${from}/${event}`];
        it(`${label}: ${from} --${event}--> ${to ?? 'refused'}`, () => {
          const r = feedMove(from, event, phases);
          if (to) expect(r).toEqual({ ok: true, to });
          else expect(r).toMatchObject({ ok: false, code: 'FEED_ILLEGAL_TRANSITION' });
        });
      }
    }
  }
  it('declares every edge used by either standard', () => {
    expect(FEED_TRANSITIONS.map((t) => `${t.from}/${t.event}`).sort()).toEqual([...new Set([...Object.keys(billing), ...Object.keys(interval)])].sort());
  });
});

describe('gates', () => {
  it('accepts a delivery in the phase its feed is in; auto takes incrementals', () => {
    expect(gate('sample', 'sample', BILLING)).toEqual({ ok: true, to: 'sample' });
    expect(gate('full', 'full', BILLING)).toEqual({ ok: true, to: 'full' });
    expect(gate('auto', 'incremental', BILLING)).toEqual({ ok: true, to: 'incremental' });
  });
  it('refuses a full historical before an approved sample', () => {
    expect(gate('sample', 'full', BILLING)).toMatchObject({ ok: false, code: 'GATE_SAMPLE_NOT_APPROVED' });
  });
  it('refuses incrementals before the history is loaded', () => {
    expect(gate('sample', 'incremental', BILLING)).toMatchObject({ ok: false, code: 'GATE_HISTORY_NOT_LOADED' });
    expect(gate('full', 'incremental', BILLING)).toMatchObject({ ok: false, code: 'GATE_HISTORY_NOT_LOADED' });
    expect(gate('sample', 'incremental', INTERVAL)).toMatchObject({ ok: false, code: 'GATE_HISTORY_NOT_LOADED' });
  });
  it('refuses a phase the feed is past, and one the standard does not have', () => {
    expect(gate('full', 'sample', BILLING)).toMatchObject({ ok: false, code: 'GATE_PHASE_PASSED' });
    expect(gate('auto', 'full', BILLING)).toMatchObject({ ok: false, code: 'GATE_PHASE_PASSED' });
    expect(gate('sample', 'full', INTERVAL)).toMatchObject({ ok: false, code: 'GATE_PHASE_MISMATCH' });
  });
  it('loads automatically only in auto, and never from shared_files', () => {
    expect(loadsWithoutReview('auto', 'Uploads')).toBe(true);
    expect(loadsWithoutReview('auto', 'upload')).toBe(true);
    expect(loadsWithoutReview('auto', 'shared_files')).toBe(false);
    for (const p of ['sample', 'full', 'incremental'] as const) expect(loadsWithoutReview(p, 'Uploads')).toBe(false);
  });
  it('loads a sample only when it is the history', () => {
    expect(loadsOnApproval('sample', BILLING)).toBe(false);
    expect(loadsOnApproval('sample', INTERVAL)).toBe(true);
    expect(loadsOnApproval('full', BILLING)).toBe(true);
    expect(loadsOnApproval('incremental', BILLING)).toBe(true);
  });
  it('raises feed events on approval and on load', () => {
    expect(eventOnApproval('sample', 'sample', BILLING)).toBe('sample-approved');
    expect(eventOnApproval('sample', 'sample', INTERVAL)).toBeUndefined();
    expect(eventOnApproval('incremental', 'incremental', BILLING)).toBe('incremental-approved');
    expect(eventOnApproval('incremental', 'auto', BILLING)).toBeUndefined();
    expect(eventOnLoad('full', 'full', BILLING)).toBe('history-loaded');
    expect(eventOnLoad('sample', 'sample', INTERVAL)).toBe('history-loaded');
    expect(eventOnLoad('incremental', 'auto', BILLING)).toBeUndefined();
  });
});
