/** When the validator reads a file through the reader thread (reader-client.ts, readerThreadWanted). */
import { afterEach, describe, expect, it } from 'vitest';
import { rawBelow, readerThreadWanted } from '../../src/validate/reader-client.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['INTAKE_READER_THREAD', 'INTAKE_FAST_LANE', 'INTAKE_READER_RAW']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('readerThreadWanted', () => {
  it('by default: interval and legacy customer and usage files of 2 MiB and more (the built worker script is there: npm test builds first)', () => {
    delete process.env.INTAKE_READER_THREAD;
    delete process.env.INTAKE_FAST_LANE;
    expect(readerThreadWanted('interval', 'interval', 50 * 1024 * 1024)).toBe(true);
    expect(readerThreadWanted('interval', 'interval', 1024 * 1024)).toBe(false);
    expect(readerThreadWanted('legacy-billing', 'customer', 20 * 1024 * 1024)).toBe(true);
    // The usage file since the thread inflates gzip itself (docs/performance.md, seventh pass).
    expect(readerThreadWanted('legacy-billing', 'usage', 500 * 1024 * 1024)).toBe(true);
    expect(readerThreadWanted('legacy-billing', 'usage', 1024 * 1024)).toBe(false);
    // The single file: not measured with the thread, so not by default.
    expect(readerThreadWanted('legacy-billing', 'full', 500 * 1024 * 1024)).toBe(false);
    expect(readerThreadWanted('billing', 'bill', 500 * 1024 * 1024)).toBe(false);
  });

  it('INTAKE_READER_THREAD=1 forces it for any file, =0 and INTAKE_FAST_LANE=0 turn it off', () => {
    process.env.INTAKE_READER_THREAD = '1';
    expect(readerThreadWanted('legacy-billing', 'usage', 10)).toBe(true);
    process.env.INTAKE_FAST_LANE = '0';
    expect(readerThreadWanted('interval', 'interval', 50 * 1024 * 1024)).toBe(false);
    delete process.env.INTAKE_FAST_LANE;
    process.env.INTAKE_READER_THREAD = '0';
    expect(readerThreadWanted('interval', 'interval', 50 * 1024 * 1024)).toBe(false);
  });

  it('slots handed over unread: for interval and legacy usage files, not legacy customer files; INTAKE_READER_RAW overrides', () => {
    delete process.env.INTAKE_READER_RAW;
    expect(rawBelow('interval', 'interval')).toBe(4);
    expect(rawBelow('legacy-billing', 'usage')).toBe(4);
    expect(rawBelow('legacy-billing', 'customer')).toBe(0);
    expect(rawBelow('billing', 'bill')).toBe(0);
    process.env.INTAKE_READER_RAW = '0';
    expect(rawBelow('legacy-billing', 'usage')).toBe(0);
    process.env.INTAKE_READER_RAW = '1';
    expect(rawBelow('legacy-billing', 'customer')).toBe(-1);
  });
});
