import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/workflow/types.js';
import { DIALECTS, flowApp, usageDelivery } from './helpers.js';

const OP: Actor = { kind: 'operator', name: 'ann' };
const UT: Actor = { kind: 'utility', name: 'demo-token', utility: 'demo' };
const good = (sp: string) => [sp, '12.5', '20250131', '30', 'A'];

describe.each(DIALECTS)('workflow on %s', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  it('walks sample rounds → full → incremental → auto, with diffs, gates and an audit trail', async () => {
    const { app, service, loader, dataDir } = await flowApp(dialect);
    close = () => app.close();
    await service.addUtility({ code: 'demo', name: 'Demo Power', profile: { expectedAccounts: 3 } }, OP);
    // Every implemented standard has its feed from the start, waiting for a first delivery.
    expect((await service.utility('demo')).feeds.map((f) => `${f.standard}:${f.phase}:${f.status}`)).toEqual(['interval:sample:waiting', 'legacy-billing:sample:waiting']);
    const billing = async () => (await service.utility('demo')).feeds.find((f) => f.standard === 'legacy-billing');

    // Round 1 of the sample: errors → rejected.
    const r1 = await service.receiveDelivery({ utility: 'demo', source: 'shared_files', files: await usageDelivery(dataDir, '20250101000000', [
      ['sp1', 'BAD', '20250131', '30', 'A'], ['sp2', '1', 'BAD', '30', 'A'], ['sp3', '1', '20250131', 'NULL', 'A'],
    ]), actor: UT });
    expect(r1).toMatchObject({ standard: 'legacy-billing', phase: 'sample', round: 1, status: 'received' });
    await app.worker.drain();
    expect((await service.delivery(r1.id)).status).toBe('rejected');
    await expect(service.approve(r1.id, OP)).rejects.toMatchObject({ code: 'DELIVERY_ILLEGAL_TRANSITION' });

    // A full historical before the sample is approved is refused by the gate.
    await expect(service.receiveDelivery({ utility: 'demo', source: 'upload', phase: 'full', files: await usageDelivery(dataDir, '20250101000001', [good('sp1')]), actor: UT }))
      .rejects.toMatchObject({ code: 'GATE_SAMPLE_NOT_APPROVED' });

    // Round 2 fixes the errors, keeps the warning: awaiting review, and the diff names what was fixed.
    const r2 = await service.receiveDelivery({ utility: 'demo', source: 'shared_files', files: await usageDelivery(dataDir, '20250102000000', [
      good('sp1'), good('sp2'), ['sp3', '1', '20250131', 'NULL', 'A'],
    ]), actor: UT });
    expect(r2.round).toBe(2);
    await app.worker.drain();
    expect((await service.delivery(r2.id)).status).toBe('awaiting-review');
    const diff = await service.diff(r2.id);
    expect(diff.previousDeliveryId).toBe(r1.id);
    expect(diff.fixed.map((e) => e.fingerprint).sort()).toEqual(['FIELD_BAD_DATE|usage|date_to|sp2', 'FIELD_BAD_DATE|usage|usage_value|sp1']);
    expect(diff.open.map((e) => e.fingerprint)).toEqual(['FIELD_NULL_TOKEN|usage|duration|sp3']);
    expect(diff.counts).toEqual({ fixed: 2, new: 0, open: 1 });

    // A utility cannot approve; an operator can, and the feed moves to full (a sample is not loaded).
    await expect(service.approve(r2.id, UT)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await service.approve(r2.id, OP, 'good sample');
    expect(await billing()).toMatchObject({ phase: 'full', status: 'approved', lastDelivery: { id: r2.id, round: 2 } });
    await app.worker.drain();
    expect(loader.loaded).toEqual([]);

    // Full historical: approve → loaded → feed in incremental.
    const full = await service.receiveDelivery({ utility: 'demo', source: 'shared_files', files: await usageDelivery(dataDir, '20250201000000', [good('sp1'), good('sp2'), good('sp3')]), actor: UT });
    expect(full).toMatchObject({ phase: 'full', round: 1 });
    await app.worker.drain();
    await service.approve(full.id, OP);
    await app.worker.drain();
    expect((await service.delivery(full.id)).status).toBe('loaded');
    expect(loader.loaded).toEqual([full.id]);
    expect((await billing())).toMatchObject({ phase: 'incremental', lastProcessedStamp: '20250201000000' });

    // The first incremental waits for review even from Uploads; approving it moves the feed to auto.
    const inc1 = await service.receiveDelivery({ utility: 'demo', source: 'Uploads', files: await usageDelivery(dataDir, '20250301000000', [good('sp1')]), actor: UT });
    await app.worker.drain();
    expect((await service.delivery(inc1.id)).status).toBe('awaiting-review');
    await service.approve(inc1.id, OP);
    await app.worker.drain();
    expect((await service.delivery(inc1.id)).status).toBe('loaded');
    expect((await billing())?.phase).toBe('auto');

    // In auto, the next incremental from Uploads loads with no person; one in shared_files still waits.
    const inc2 = await service.receiveDelivery({ utility: 'demo', source: 'Uploads', files: await usageDelivery(dataDir, '20250401000000', [good('sp2')]), actor: UT });
    const inc3 = await service.receiveDelivery({ utility: 'demo', source: 'shared_files', files: await usageDelivery(dataDir, '20250402000000', [good('sp3')]), actor: UT });
    await app.worker.drain();
    expect((await service.delivery(inc2.id)).status).toBe('loaded');
    expect((await service.delivery(inc3.id)).status).toBe('awaiting-review');
    // A file stamped before the last loaded one is held for a person even in auto.
    const late = await service.receiveDelivery({ utility: 'demo', source: 'Uploads', files: await usageDelivery(dataDir, '20250315000000', [good('sp2')]), actor: UT });
    await app.worker.drain();
    expect((await service.delivery(late.id)).status).toBe('awaiting-review');
    const trail = await service.auditOfDelivery(inc2.id);
    expect(trail.map((e) => `${e.from ?? ''}>${e.to}`)).toEqual(['>received', 'received>validating', 'validating>awaiting-review', 'awaiting-review>approved', 'approved>loading', 'loading>loaded']);
    expect(trail.slice(1).every((e) => e.actor === 'system')).toBe(true);
    // The feed's moves are in the utility's audit log too, with who did them.
    const feedMoves = (await service.auditOfUtility('demo')).filter((e) => e.feedId !== null && e.action.includes('-')).map((e) => `${e.action}:${e.from}>${e.to}:${e.actor}`);
    expect(feedMoves).toEqual(expect.arrayContaining(['sample-approved:sample>full:operator:ann', 'history-loaded:full>incremental:system', 'incremental-approved:incremental>auto:operator:ann']));
  });

  it('validates a delivery exactly once however often its job runs', async () => {
    const { app, service, calls, dataDir } = await flowApp(dialect);
    close = () => app.close();
    await service.addUtility({ code: 'abc', name: 'ABC' }, OP);
    const d = await service.receiveDelivery({ utility: 'abc', source: 'upload', files: await usageDelivery(dataDir, '20250101000000', [good('sp1')]), actor: OP });
    expect(await service.runValidation(d.id)).toBe('done');
    expect(await service.runValidation(d.id)).toBe('skipped');
    await app.worker.drain();
    expect(calls.length).toBe(1);
    const trail = await service.auditOfDelivery(d.id);
    expect(trail.filter((e) => e.from === 'validating')).toHaveLength(1);
  });

  it('refuses a second sample round once the first was approved', async () => {
    const { app, service, dataDir } = await flowApp(dialect);
    close = () => app.close();
    await service.addUtility({ code: 'abc', name: 'ABC' }, OP);
    const a = await service.receiveDelivery({ utility: 'abc', source: 'upload', files: await usageDelivery(dataDir, '20250101000000', [good('sp1')]), actor: OP });
    const b = await service.receiveDelivery({ utility: 'abc', source: 'upload', files: await usageDelivery(dataDir, '20250101000001', [good('sp2')]), actor: OP });
    await app.worker.drain();
    await service.approve(a.id, OP);
    await expect(service.approve(b.id, OP)).rejects.toMatchObject({ code: 'GATE_PHASE_PASSED' });
    await service.reject(b.id, OP, 'superseded');
    expect((await service.delivery(b.id)).status).toBe('rejected');
  });

  it('refuses bad input with coded errors', async () => {
    const { app, service, dataDir } = await flowApp(dialect);
    close = () => app.close();
    await expect(service.addUtility({ code: 'TOO_LONG', name: 'x' }, OP)).rejects.toMatchObject({ code: 'UTILITY_CODE_INVALID' });
    await expect(service.addUtility({ code: 'abc', name: 'x', profile: { nope: 1 } }, OP)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await service.addUtility({ code: 'abc', name: 'ABC' }, OP);
    await expect(service.addUtility({ code: 'abc', name: 'ABC' }, OP)).rejects.toMatchObject({ code: 'UTILITY_EXISTS' });
    await expect(service.receiveDelivery({ utility: 'zzz', source: 'upload', files: [], actor: OP })).rejects.toMatchObject({ code: 'UTILITY_NOT_FOUND' });
    await expect(service.receiveDelivery({ utility: 'abc', source: 'upload', files: [{ name: 'data.txt', path: '/nonexistent' }], actor: OP })).rejects.toMatchObject({ code: 'DELIVERY_STANDARD_UNKNOWN' });
    const mixed = [...(await usageDelivery(dataDir, '20250101000000', [good('sp1')])), { name: 'opwr_demo_res_2-0-5_interval60_20250101000000.gz', path: '/x' }];
    await expect(service.receiveDelivery({ utility: 'abc', source: 'upload', files: mixed, actor: OP })).rejects.toMatchObject({ code: 'DELIVERY_MIXED_STANDARDS' });
  });
});
