import { describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { folderBytes, scratchDirs } from './helpers.js';

const scratch = scratchDirs();

async function run(args: Parameters<typeof generate>[0]['seed'], extra: Partial<Parameters<typeof generate>[0]> = {}) {
  const dir = await scratch('det');
  await generate({ standard: 'legacy-billing', accounts: 150, out: dir, seed: args ?? 1, defects: 0.02, ...extra });
  return folderBytes(dir);
}

describe('generate is deterministic', () => {
  for (const compress of ['gz', 'zip', 'none'] as const) {
    it(`same seed, same bytes (${compress})`, async () => {
      const a = await run(7, { compress });
      const b = await run(7, { compress });
      expect(a.map(([n]) => n)).toEqual(b.map(([n]) => n));
      for (let i = 0; i < a.length; i++) expect(a[i]?.[1].equals(b[i]?.[1] as Buffer), a[i]?.[0]).toBe(true);
    });
  }

  it('same seed, same bytes for interval and the single-file layout', async () => {
    for (const extra of [{ standard: 'interval', interval: 15, meters: 5, days: 10 }, { layout: 'single-file' }] as const) {
      const a = await run(3, extra);
      const b = await run(3, extra);
      expect(a.length).toBeGreaterThan(1);
      for (let i = 0; i < a.length; i++) expect(a[i]?.[1].equals(b[i]?.[1] as Buffer), a[i]?.[0]).toBe(true);
    }
  });

  it('a different seed gives different data', async () => {
    const a = await run(1);
    const b = await run(2);
    for (let i = 0; i < a.length; i++) {
      if (a[i]?.[0] === 'manifest.json') continue;
      expect(a[i]?.[1].equals(b[i]?.[1] as Buffer)).toBe(false);
    }
  });
});
