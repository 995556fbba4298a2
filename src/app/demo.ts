/**
 * The demo: a utility `demo` with generated deliveries in several phases (a rejected and an approved sample
 * round, a loaded full historical, a first incremental and an interval sample awaiting review), made once on a
 * fresh store by `intake start`.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, type GenerateOptions } from '../generate/index.js';
import type { App } from './app.js';

const ACTOR = { kind: 'operator', name: 'demo' } as const;

/** Creates the demo utility when absent; returns false when it was already there. */
export async function seedDemo(app: App, log: (line: string) => void): Promise<boolean> {
  const existing = (await app.service.utilities()).find((u) => u.code === 'demo');
  if (existing) return false;
  await app.service.addUtility({ code: 'demo', name: 'Demo Power & Light', profile: { expectedAccounts: 12000 } }, ACTOR);
  const work = await mkdtemp(path.join(tmpdir(), 'intake-demo-'));
  try {
    const make = async (name: string, options: Omit<GenerateOptions, 'out'>) => {
      const out = path.join(work, name);
      await generate({ utility: 'demo', seed: 7, ...options, out });
      // The files are copied into the file store: an incremental is generated from the folder it continues.
      const files = (await readdir(out)).filter((f) => f !== 'manifest.json').sort();
      return files.map((f) => ({ name: f, path: path.join(out, f) }));
    };
    // Judged as of the day after the generated data ends, so the demo looks the same whenever it is started.
    const receive = async (files: { name: string; path: string }[], asOf = '2025-07-01') => {
      const d = await app.service.receiveDelivery({ utility: 'demo', source: 'shared_files', files, actor: ACTOR, move: false, asOf });
      await app.worker.drain();
      return app.service.delivery(d.id);
    };
    log('demo: generating deliveries (sample rounds, full historical, interval sample)…');
    // One population of 12,000 accounts: the sample draws from it (same seed, same accounts in both rounds).
    const billing = { standard: 'legacy-billing', accounts: 12_000, until: '2025-06-30' } as const;
    const s1 = await receive(await make('sample-1', { ...billing, phase: 'sample', defects: 0.0005 }));
    log(`demo: sample round 1 ${s1.status} (${s1.summary?.errors ?? 0} errors)`);
    const s2 = await receive(await make('sample-2', { ...billing, phase: 'sample' }));
    log(`demo: sample round 2 ${s2.status}`);
    if (s2.status === 'awaiting-review') {
      await app.service.approve(s2.id, ACTOR, 'demo: sample approved');
      const full = await receive(await make('full', { ...billing, phase: 'full' }));
      if (full.status === 'awaiting-review') {
        // Loaded, so the interval meters below are known service points and the feed reaches incrementals.
        await app.service.approve(full.id, ACTOR, 'demo: full historical approved');
        await app.worker.drain();
        const inc = await receive(await make('incremental', { standard: 'legacy-billing', phase: 'incremental', after: path.join(work, 'full') }), '2025-08-01');
        log(`demo: full historical ${(await app.service.delivery(full.id)).status}; first incremental ${inc.status}`);
      } else {
        log(`demo: full historical ${full.status}`);
      }
    }
    const iv = await receive(await make('interval', { standard: 'interval', accounts: billing.accounts, meters: 40, until: '2025-06-30', phase: 'sample' }));
    log(`demo: interval sample ${iv.status}`);
    log('demo: deliveries ready');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return true;
}
