/**
 * The demo: a utility `demo` with generated deliveries in several phases (a rejected and an approved sample
 * round, a full historical awaiting review, an interval sample), made once on a fresh store by `intake start`.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from './app.js';

const ACTOR = { kind: 'operator', name: 'demo' } as const;

interface GenerateModule {
  generate(options: Record<string, unknown>): Promise<unknown>;
}

// In a variable: the generator lands on main from its own branch.
const GENERATOR = '../generate/index.js';

async function generator(): Promise<GenerateModule | undefined> {
  try {
    const m = (await import(GENERATOR)) as Partial<GenerateModule>;
    return typeof m.generate === 'function' ? (m as GenerateModule) : undefined;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

/** Creates the demo utility when absent; returns false when it was already there. */
export async function seedDemo(app: App, log: (line: string) => void): Promise<boolean> {
  const existing = (await app.service.utilities()).find((u) => u.code === 'demo');
  if (existing) return false;
  await app.service.addUtility({ code: 'demo', name: 'Demo Power & Light', profile: { expectedAccounts: 12000 } }, ACTOR);
  const gen = await generator();
  if (!gen) {
    log('demo: utility "demo" created; the generator is not part of this build, so it has no deliveries yet');
    return true;
  }
  const work = await mkdtemp(path.join(tmpdir(), 'intake-demo-'));
  try {
    const make = async (name: string, options: Record<string, unknown>) => {
      const out = path.join(work, name);
      await gen.generate({ utility: 'demo', out, seed: 7, ...options });
      const files = (await readdir(out)).filter((f) => f !== 'manifest.json').sort();
      return files.map((f) => ({ name: f, path: path.join(out, f) }));
    };
    const receive = async (files: { name: string; path: string }[], source: 'shared_files' | 'upload' = 'shared_files') => {
      const d = await app.service.receiveDelivery({ utility: 'demo', source, files, actor: ACTOR, move: false });
      await app.worker.drain();
      return app.service.delivery(d.id);
    };
    log('demo: generating deliveries (sample rounds, full historical, interval sample)…');
    const common = { standard: 'legacy-billing', since: '2024-01-01', until: '2025-06-30' };
    await receive(await make('sample-1', { ...common, accounts: 10_000, phase: 'sample', defects: 0.002 }));
    const s2 = await receive(await make('sample-2', { ...common, accounts: 10_000, phase: 'sample', seed: 8 }));
    if (s2.status === 'awaiting-review') {
      await app.service.approve(s2.id, ACTOR, 'demo: sample approved');
      await receive(await make('full', { ...common, accounts: 12_000, phase: 'full', seed: 9 }));
    }
    await receive(await make('interval', { standard: 'interval', accounts: 50, since: '2024-05-01', until: '2025-06-30', phase: 'sample' }));
    log('demo: deliveries ready');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return true;
}
