import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo.js';
import { flowApp } from '../workflow/helpers.js';

describe('the demo seed', () => {
  it('creates the demo utility once, with generated deliveries in several phases', async () => {
    const { app, service } = await flowApp('pglite', { real: true });
    try {
      const log: string[] = [];
      expect(await seedDemo(app, (l) => log.push(l))).toBe(true);
      const u = await service.utility('demo');
      expect(u.feeds.map((f) => `${f.standard}:${f.phase}:${f.status}`)).toEqual(['interval:sample:awaiting-review', 'legacy-billing:incremental:awaiting-review']);
      const rounds = (await service.deliveries({ utility: 'demo' })).map((d) => `${d.standard}/${d.phase}/${d.round}:${d.status}`).sort();
      expect(rounds).toEqual([
        'interval/sample/1:awaiting-review', 'legacy-billing/full/1:loaded', 'legacy-billing/incremental/1:awaiting-review',
        'legacy-billing/sample/1:rejected', 'legacy-billing/sample/2:approved',
      ]);
      const sample2 = (await service.deliveries({ utility: 'demo' })).find((d) => d.phase === 'sample' && d.round === 2);
      expect((await service.diff(sample2?.id ?? '')).counts.fixed).toBeGreaterThan(0);
      expect(await seedDemo(app, (l) => log.push(l))).toBe(false);
    } finally {
      await app.close();
    }
  }, 180_000);
});
