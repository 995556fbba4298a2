/** Raw files of finished deliveries are deleted after the utility's retention (60 days, 30 for EU utilities). */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/workflow/types.js';
import { DIALECTS, flowApp, usageDelivery } from './helpers.js';

const OP: Actor = { kind: 'operator', name: 'ann' };
const DAY = 86_400_000;

describe.each(DIALECTS)('raw-file retention on %s', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  it('deletes the files of finished deliveries past 60 days (EU: 30), keeps the delivery, its report and anything in review', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const { app, service, dataDir } = await flowApp(dialect, { clock: { now: () => now } });
    close = () => app.close();
    await service.addUtility({ code: 'demo', name: 'Demo Power' }, OP);
    await service.addUtility({ code: 'euco', name: 'EU Power', profile: { eu: true } }, OP);
    const bad = [['sp1', 'BAD', '20250131', '30', 'A']];
    const good = [['sp1', '12.5', '20250131', '30', 'A']];
    const rejected = await service.receiveDelivery({ utility: 'demo', source: 'upload', files: await usageDelivery(dataDir, '20250101000000', bad), actor: OP });
    const inReview = await service.receiveDelivery({ utility: 'demo', source: 'upload', files: await usageDelivery(dataDir, '20250102000000', good), actor: OP });
    const euRejected = await service.receiveDelivery({ utility: 'euco', source: 'upload', files: await usageDelivery(dataDir, '20250101000000', bad), actor: OP });
    await app.worker.drain();
    expect((await service.delivery(rejected.id)).status).toBe('rejected');
    expect((await service.delivery(inReview.id)).status).toBe('awaiting-review');
    const folder = async (d: { id: string; utility: string }) => path.dirname((await service.delivery(d.id)).files[0]!.path);
    const folders = { rejected: await folder(rejected), inReview: await folder(inReview), euRejected: await folder(euRejected) };
    for (const f of Object.values(folders)) expect(readdirSync(f)).toHaveLength(1);

    // Received "now" by the database clock; the service's clock moves on.
    now = new Date(Date.now() + 31 * DAY);
    expect(await service.purgeRawFiles()).toEqual([{ utility: 'euco', deliveryId: euRejected.id, files: 1 }]);
    expect(existsSync(folders.euRejected)).toBe(false);
    expect(existsSync(folders.rejected)).toBe(true);

    now = new Date(Date.now() + 61 * DAY);
    expect(await service.purgeRawFiles()).toEqual([{ utility: 'demo', deliveryId: rejected.id, files: 1 }]);
    expect(existsSync(folders.rejected)).toBe(false);
    // In review: kept, whatever its age (it may still be approved and loaded).
    expect(readdirSync(folders.inReview)).toHaveLength(1);
    // The delivery and its report stay, marked; the audit log says what happened.
    const purged = await service.delivery(rejected.id);
    expect(purged.status).toBe('rejected');
    expect(Math.abs(Date.parse(purged.filesPurgedAt ?? '') - now.getTime())).toBeLessThan(1000);
    expect((await service.delivery(inReview.id)).filesPurgedAt).toBeNull();
    expect((await service.report(rejected.id)).summary.errors).toBeGreaterThan(0);
    expect((await service.auditOfDelivery(rejected.id)).map((e) => `${e.action}:${e.to}`)).toContain('retention:files-deleted');
    // Nothing left to do: a second run deletes nothing.
    expect(await service.purgeRawFiles()).toEqual([]);
  });
});
