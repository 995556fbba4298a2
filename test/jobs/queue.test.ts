import { describe, expect, it } from 'vitest';
import { claimJob, dbJobQueue, failJob, requeueOrphans } from '../../src/jobs/queue.js';
import { Worker, checkHandlers, type JobHandler } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { DIALECTS, sharedDb } from '../workflow/helpers.js';

const noop = (name: string): JobHandler => ({ name, run: async () => undefined });
const ALL = ['delivery.validate', 'delivery.load', 'webhook.send'].map(noop);

describe('job registry', () => {
  it('accepts one handler per declared job name', () => {
    expect([...checkHandlers(ALL).keys()].sort()).toEqual(['delivery.load', 'delivery.validate', 'webhook.send']);
  });
  it('stops the boot on a missing, doubled or unknown handler', () => {
    expect(() => checkHandlers(ALL.slice(1))).toThrow(/no handler for job "delivery.validate"/);
    expect(() => checkHandlers([...ALL, noop('delivery.load')])).toThrow(/two handlers for job "delivery.load"/);
    expect(() => checkHandlers([...ALL, noop('mail.send')])).toThrow(/unknown job "mail.send"/);
  });
});

describe.each(DIALECTS)('durable queue on %s', (dialect) => {
  let db: Db | undefined;

  it('never hands out two jobs of one lock key at once, and keeps their order', async () => {
    db = await sharedDb(dialect);
    const q = dbJobQueue(db);
    await q.enqueue('delivery.load', { n: 1 }, { lockKey: 'feed:1' });
    await q.enqueue('delivery.load', { n: 2 }, { lockKey: 'feed:1' });
    await q.enqueue('delivery.load', { n: 3 }, { lockKey: 'feed:2' });
    const a = await claimJob(db, ['delivery.load'], 'w1', 60);
    const b = await claimJob(db, ['delivery.load'], 'w2', 60);
    const c = await claimJob(db, ['delivery.load'], 'w3', 60);
    expect(a?.payload).toEqual({ n: 1 });
    expect(b?.payload).toEqual({ n: 3 }); // feed 1's second load waits behind its first
    expect(c).toBeUndefined();
  });

  it('runs one lock key\'s jobs by order key first (a feed\'s loads by file stamp)', async () => {
    db = await sharedDb(dialect);
    const q = dbJobQueue(db);
    await q.enqueue('delivery.load', { stamp: 'b' }, { lockKey: 'feed:1', orderKey: '20250301000000' });
    await q.enqueue('delivery.load', { stamp: 'a' }, { lockKey: 'feed:1', orderKey: '20250201000000' });
    const first = await claimJob(db, ['delivery.load'], 'w', 60);
    expect(first?.payload).toEqual({ stamp: 'a' });
    expect(await claimJob(db, ['delivery.load'], 'w', 60)).toBeUndefined();
  });

  it('drops a second enqueue with the same dedupe key', async () => {
    db = await sharedDb(dialect);
    const q = dbJobQueue(db);
    await q.enqueue('delivery.validate', { id: 'x' }, { dedupeKey: 'validate:x' });
    await q.enqueue('delivery.validate', { id: 'x' }, { dedupeKey: 'validate:x' });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs')).rows[0]?.n).toBe(1);
  });

  it('claims again a job whose lease ran out (its worker died)', async () => {
    db = await sharedDb(dialect);
    await dbJobQueue(db).enqueue('delivery.load', { n: 1 }, { lockKey: 'feed:1' });
    const first = await claimJob(db, ['delivery.load'], 'dead', 60);
    expect(await claimJob(db, ['delivery.load'], 'w2', 60)).toBeUndefined();
    await db.query(`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = $1`, [first?.id]);
    const again = await claimJob(db, ['delivery.load'], 'w2', 60);
    expect(again).toMatchObject({ id: first?.id, attempts: 2 });
  });

  it('requeues orphans at start-up on the embedded store', async () => {
    db = await sharedDb(dialect);
    await dbJobQueue(db).enqueue('delivery.validate', {});
    await claimJob(db, ['delivery.validate'], 'dead', 600);
    expect(await requeueOrphans(db)).toBe(1);
    expect(await claimJob(db, ['delivery.validate'], 'w', 60)).toBeDefined();
  });

  it('retries a failing job with a delay and gives up after its attempts', async () => {
    db = await sharedDb(dialect);
    await dbJobQueue(db).enqueue('webhook.send', {}, { maxAttempts: 2 });
    const j1 = await claimJob(db, ['webhook.send'], 'w', 60);
    expect(await failJob(db, j1!, 'boom')).toBe('retry');
    expect(await claimJob(db, ['webhook.send'], 'w', 60)).toBeUndefined(); // backing off
    await db.query(`UPDATE jobs SET run_at = now()`);
    const j2 = await claimJob(db, ['webhook.send'], 'w', 60);
    expect(await failJob(db, j2!, 'boom again')).toBe('failed');
    expect((await db.query<{ status: string; last_error: string }>('SELECT status, last_error FROM jobs')).rows[0]).toEqual({ status: 'failed', last_error: 'boom again' });
  });

  it('a worker runs one feed\'s loads one at a time, other feeds alongside', async () => {
    db = await sharedDb(dialect);
    const running = new Map<string, number>();
    let maxPerFeed = 0;
    let maxOverall = 0;
    const order: number[] = [];
    const load: JobHandler = {
      name: 'delivery.load',
      async run(job) {
        const feed = String(job.payload.feed);
        running.set(feed, (running.get(feed) ?? 0) + 1);
        maxPerFeed = Math.max(maxPerFeed, running.get(feed) ?? 0);
        maxOverall = Math.max(maxOverall, [...running.values()].reduce((a, b) => a + b, 0));
        await new Promise((r) => setTimeout(r, 60));
        if (feed === 'a') order.push(Number(job.payload.n));
        running.set(feed, (running.get(feed) ?? 1) - 1);
      },
    };
    const q = dbJobQueue(db);
    for (let n = 1; n <= 4; n++) await q.enqueue('delivery.load', { feed: 'a', n }, { lockKey: 'feed:a' });
    for (let n = 1; n <= 4; n++) await q.enqueue('delivery.load', { feed: 'b', n }, { lockKey: 'feed:b' });
    const worker = new Worker(db, [ALL[0]!, load, ALL[2]!], { concurrency: 4, pollMs: 20, log: () => undefined });
    await worker.start();
    for (let i = 0; i < 200; i++) {
      const left = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status <> 'done'`)).rows[0]?.n;
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.stop();
    expect(maxPerFeed).toBe(1);
    expect(maxOverall).toBe(2);
    expect(order).toEqual([1, 2, 3, 4]);
  });
});
