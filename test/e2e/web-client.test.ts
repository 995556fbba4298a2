/** The web UI's pure parts, without a browser: the hash router and the API client's normalisers. */
import { describe, expect, it } from 'vitest';
import { nextDue, toDelivery, toDiff, toUtility, withLastDeliveries } from '../../web/src/api.js';
import { href, parse, type Route } from '../../web/src/router.js';

describe('router', () => {
  const routes: Route[] = [
    { page: 'overview' },
    { page: 'utility', code: 'demo', tab: 'feeds' },
    { page: 'utility', code: 'demo', tab: 'profile' },
    { page: 'audit', code: 'demo' },
    { page: 'upload' },
    { page: 'upload', code: 'demo' },
    { page: 'customers', code: 'demo', q: 'Jane Doe/12' },
    { page: 'account', code: 'demo', account: 'A 100/7' },
    { page: 'delivery', id: '42', tab: 'summary' },
    { page: 'delivery', id: '42', tab: 'data' },
    { page: 'issue', id: '42', fingerprint: 'FIELD_BAD_DATE|usage|date_to' },
    { page: 'specs' },
    { page: 'spec', standard: 'legacy-billing' },
  ];
  it.each(routes.map((r) => [href(r), r] as const))('%s round-trips', (h, r) => {
    expect(parse(h)).toEqual(r);
  });
  it('names unknown paths', () => {
    expect(parse('#/nowhere/at/all')).toEqual({ page: 'not-found', path: '/nowhere/at/all' });
    expect(parse('')).toEqual({ page: 'overview' });
  });
});

describe('API normalisers', () => {
  it('reads the workflow delivery shape', () => {
    const d = toDelivery({
      id: 7, utility: 'demo', feedId: 1, standard: 'legacy-billing', phase: 'sample', round: 2, source: 'upload',
      status: 'awaiting-review', files: [{ name: 'a.gz', bytes: 10, path: '/x' }], summary: { files: 1, rows: 5, errors: 0, warnings: 1, infos: 0, passed: true },
      createdAt: '2025-01-01T00:00:00Z',
    });
    expect(d).toEqual({
      id: '7', utility: 'demo', standard: 'legacy-billing', phase: 'sample', round: 2, source: 'upload', status: 'awaiting-review',
      files: [{ name: 'a.gz', bytes: 10 }], summary: { files: 1, rows: 5, errors: 0, warnings: 1, infos: 0, passed: true },
      receivedAt: '2025-01-01T00:00:00Z',
    });
  });

  it('reads a round diff and knows a first round has nothing to compare with', () => {
    const diff = toDiff({
      previousDeliveryId: '3', counts: { fixed: 1, new: 0, open: 0 }, notes: ['capped'],
      fixed: [{ state: 'fixed', fingerprint: 'USAGE_NEGATIVE|usage|usage_value', code: 'USAGE_NEGATIVE', severity: 'error', fileType: 'usage', column: 'usage_value', previous: 4, current: 0 }],
      new: [], open: [],
    });
    expect(diff.previous).toEqual({ id: '3' });
    expect(diff.fixed).toEqual([{ state: 'fixed', fingerprint: 'USAGE_NEGATIVE|usage|usage_value', code: 'USAGE_NEGATIVE', severity: 'error', fileType: 'usage', column: 'usage_value', previous: 4, current: 0 }]);
    expect(diff.notes).toEqual(['capped']);
    expect(toDiff({ previousDeliveryId: null, fixed: [], new: [], open: [], notes: [] }).previous).toBeUndefined();
  });

  it('marks an auto feed late once its next file is overdue, from the deliveries when the feed lacks them', () => {
    const now = Date.parse('2025-03-01T00:00:00Z');
    const u = toUtility({ code: 'demo', name: 'Demo', profile: {}, feeds: [{ standard: 'interval', phase: 'auto' }, { standard: 'legacy-billing', phase: 'auto' }] }, now);
    expect(u.feeds.map((f) => f.late)).toEqual([false, false]);
    const deliveries = [
      toDelivery({ id: 2, utility: 'demo', standard: 'interval', phase: 'incremental', round: 3, status: 'loaded', createdAt: '2025-02-20T00:00:00Z', summary: { errors: 0 } }),
      toDelivery({ id: 1, utility: 'demo', standard: 'legacy-billing', phase: 'incremental', round: 1, status: 'loaded', createdAt: '2025-02-20T00:00:00Z', summary: { errors: 0 } }),
    ];
    const filled = withLastDeliveries(u, deliveries, now);
    // Interval data is daily (late after two days); billing data monthly (late after 38 days).
    expect(filled.feeds.map((f) => [f.standard, f.late, f.lastDelivery?.id, f.status])).toEqual([
      ['interval', true, '2', 'loaded'],
      ['legacy-billing', false, '1', 'loaded'],
    ]);
    expect(nextDue('interval', '2025-02-20T00:00:00Z')).toBe('2025-02-22T00:00:00.000Z');
  });
});
