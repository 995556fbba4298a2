/**
 * The reader thread's side of the protocol (reader-thread.ts, row-slots.ts), without the validator: every line
 * of the file comes back once, in order, as a row the fast lane read or as a line for the general path, with
 * the right bytes; the end message counts the lines and bytes; a broken archive ends with its problem.
 * (That reports are the same with and without the thread is fast-lane.test.ts's job.)
 */
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generate } from '../../src/generate/index.js';
import { findFileType, findStandard } from '../../src/spec/registry.js';
import { DEFAULT_PROFILE } from '../../src/spec/profile.js';
import { prestartReader, ReaderPool, ReaderThread } from '../../src/validate/reader-client.js';
import { REPEAT_SAME } from '../../src/validate/row-reader.js';
import { META_FIRST_LINE, META_LAST, META_LENGTH, META_RAW, META_RECORDS, REC_LINE, REC_OVERLONG, REC_ROW, slotLines, slotView, type ReaderEnd } from '../../src/validate/row-slots.js';
import { scratchDirs } from '../generate/helpers.js';

const dir = scratchDirs();

interface Seen {
  rows: Map<number, string[]>;
  lines: Map<number, string>;
  /** Lines of slots handed over unread (META_RAW), numbered as the validator numbers them. */
  unread: Map<number, string>;
  /** Rows whose service point the fast lane marked the same as the line before's (REPEAT_SAME). */
  same: Set<number>;
  overlong: number[];
  end: ReaderEnd;
}

/**
 * Drains a reader thread over `path` (or its first `slots` slots), keeping what each line came back as.
 * `raw`: the job's raw setting (0: never; -1: every other slot that can).
 */
async function drain(path: string, fileType: string, pool?: ReaderPool, slots = Infinity, raw = 0): Promise<Seen> {
  const spec = findFileType(findStandard('interval')!, fileType)!.columns;
  const columns = spec.length;
  const sp = spec.findIndex((c) => c.name === 'service_point_id');
  const reader = new ReaderThread({ path, standard: 'interval', fileType, profile: DEFAULT_PROFILE, raw, repeats: [sp] }, pool);
  const seen: Seen = { rows: new Map(), lines: new Map(), unread: new Map(), same: new Set(), overlong: [], end: { lines: 0, bytes: 0, bomSeen: false } };
  let unreadLines = 0;
  try {
    const ring = await reader.ring;
    expect(ring?.columns).toBe(columns);
    const views = ring!.slots.map(slotView);
    const state = new Int32Array(ring!.state);
    for (let cur = 0; ; cur = (cur + 1) % views.length) {
      await reader.full(state, cur);
      const slot = views[cur]!;
      const bytes = slotLines(slot);
      let line = slot.meta[META_FIRST_LINE]! + unreadLines;
      if (slot.meta[META_RAW] === 1) {
        // Whole lines only, each ending with LF; no record.
        expect(slot.meta[META_RECORDS]).toBe(0);
        const text = bytes.toString('utf8', 0, slot.meta[META_LENGTH]);
        expect(text.endsWith('\n')).toBe(true);
        for (const l of text.slice(0, -1).split('\n')) seen.unread.set(line++, l.replace(/\r$/, ''));
        unreadLines += line - (slot.meta[META_FIRST_LINE]! + unreadLines);
      }
      for (let r = 0; r < slot.meta[META_RECORDS]!; r++, line++) {
        const kind = slot.records[3 * r]! & 15;
        const a = slot.records[3 * r + 1]!;
        const b = slot.records[3 * r + 2]!;
        if (kind === REC_ROW) {
          seen.rows.set(line, Array.from({ length: columns }, (_, c) => (slot.fs[a + c]! < 0 ? '∅' : bytes.toString('utf8', slot.fs[a + c], slot.fe[a + c]))));
          expect(slot.ok[a + 1]).toBe(1);
          if (slot.same[a + sp] === REPEAT_SAME) seen.same.add(line);
          expect(slot.vals[a + 1]).toBeCloseTo(Number(seen.rows.get(line)![1]), 9);
        } else if (kind === REC_LINE) seen.lines.set(line, bytes.toString('utf8', a, b));
        else if (kind === REC_OVERLONG) seen.overlong.push(line);
        else throw new Error(`record kind ${kind}`);
      }
      const last = slot.meta[META_LAST] === 1;
      reader.release(state, cur);
      if (last) break;
      if (--slots <= 0) return seen;
    }
    seen.end = await reader.end;
    seen.end = { ...seen.end, lines: seen.end.lines + unreadLines };
  } finally {
    await reader.stop();
  }
  return seen;
}

const INTERVAL_HEADER = 'service_point_id\tusage_value\tdate\ttime\tunits\tis_estimate\tUTC_offset\tservice_type\tservice_quantity_identifier';

/** Row k of a hand-made 15-minute file (value and time of day vary with k), for service point `sp`. */
function intervalRow(k: number, sp: string): string {
  const m = (k % 96) + 1;
  const time = `${String(Math.floor((m * 15) / 60) % 24).padStart(2, '0')}${String((m * 15) % 60).padStart(2, '0')}`;
  return `${sp}\t${(k % 997) / 10}\t20250301\t${time}\tKWH\tA\t-05:00\tELECTRIC\t`;
}

describe('reader thread', () => {
  it('hands back every line once, in order: clean rows read, the rest as they are', async () => {
    const out = await dir('rt');
    const m = await generate({ standard: 'interval', interval: 15, meters: 40, since: '2025-03-01', until: '2025-03-12', defects: 0.005, seed: 11, out: out });
    const path = join(out, m.files[0]!.name);
    const text = gunzipSync(await readFile(path));
    const lines = text.toString('latin1').split('\n');
    if (lines.at(-1) === '') lines.pop();

    const seen = await drain(path, 'interval');
    expect(seen.end.problem).toBeUndefined();
    expect(seen.end.lines).toBe(lines.length);
    expect(seen.end.bytes).toBe(text.length);
    // More than one slot's worth, so slot edges and the lines carried over them are exercised.
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    expect(seen.lines.get(1)).toBe(Buffer.from(lines[0]!, 'latin1').toString('utf8'));
    for (let n = 1; n <= lines.length; n++) {
      const raw = Buffer.from(lines[n - 1]!, 'latin1').toString('utf8');
      const row = seen.rows.get(n);
      const line = seen.lines.get(n);
      expect(Number(row !== undefined) + Number(line !== undefined), `line ${n}`).toBe(1);
      if (row) expect(row.join('\t'), `line ${n}`).toBe(raw);
      else expect(line, `line ${n}`).toBe(raw);
    }
    // The defects went the general way; nearly everything else the fast lane's.
    expect(seen.lines.size).toBeGreaterThan(1);
    expect(seen.rows.size).toBeGreaterThan(lines.length * 0.95);
  });

  it("keeps a pool's worker from one file to the next, and replaces one stopped mid-file", async () => {
    const out = await dir('rt-pool');
    const paths: string[] = [];
    for (const [k, meters] of [[21, 30], [22, 8]] as const) {
      const m = await generate({ standard: 'interval', interval: 15, meters, since: '2025-03-01', until: '2025-03-12', seed: k, out: join(out, String(k)) });
      paths.push(join(out, String(k), m.files[0]!.name));
    }
    const texts = await Promise.all(paths.map(async (p) => gunzipSync(await readFile(p)).toString('utf8').split('\n').filter((l) => l !== '')));
    const pool = new ReaderPool();
    try {
      const first = await drain(paths[0]!, 'interval', pool);
      const id = pool.threadId;
      expect(id).toBeDefined();
      const second = await drain(paths[1]!, 'interval', pool);
      // The same worker read both files, each whole, from its own first line.
      expect(pool.threadId).toBe(id);
      for (const [k, seen] of [first, second].entries()) {
        const lines = texts[k]!;
        expect(seen.end.problem).toBeUndefined();
        expect(seen.end.lines).toBe(lines.length);
        expect(seen.rows.size + seen.lines.size).toBe(lines.length);
        for (const n of [2, lines.length]) expect(seen.rows.get(n)?.join('\t') ?? seen.lines.get(n), `line ${n}`).toBe(lines[n - 1]);
        expect(seen.rows.size).toBeGreaterThan(lines.length / 2);
      }
      // Stopped after two slots: that worker is not reused; the next file gets a new one and reads it whole.
      await drain(paths[0]!, 'interval', pool, 2);
      expect(pool.threadId).toBeUndefined();
      const again = await drain(paths[1]!, 'interval', pool);
      expect(pool.threadId).toBeDefined();
      expect(pool.threadId).not.toBe(id);
      expect(again.end.lines).toBe(texts[1]!.length);
      expect(again.rows.size).toBe(second.rows.size);
    } finally {
      await pool.close();
    }
    expect(pool.threadId).toBeUndefined();
  });

  it('a worker started ahead (warm, prestartReader) takes the first job as a message and reads it whole', async () => {
    const out = await dir('rt-warm');
    const m = await generate({ standard: 'interval', interval: 15, meters: 30, since: '2025-03-01', until: '2025-03-12', seed: 23, out });
    const path = join(out, m.files[0]!.name);
    const lines = gunzipSync(await readFile(path)).toString('utf8').split('\n').filter((l) => l !== '');
    // Small files: nothing started ahead.
    expect(prestartReader([path])).toBe(false);
    const big = join(out, 'big.bin');
    await writeFile(big, Buffer.alloc(3 * 1024 * 1024));
    const pools = [new ReaderPool(), new ReaderPool()];
    try {
      // One pool started its own worker ahead; the other takes the one prestartReader started.
      pools[0]!.warm();
      expect(pools[0]!.threadId).toBeDefined();
      expect(prestartReader(['--json', big])).toBe(true);
      expect(prestartReader([big])).toBe(false);
      pools[1]!.warm();
      const spareId = pools[1]!.threadId;
      expect(spareId).toBeDefined();
      expect(spareId).not.toBe(pools[0]!.threadId);
      for (const pool of pools) {
        const id = pool.threadId;
        const seen = await drain(path, 'interval', pool);
        expect(pool.threadId).toBe(id);
        expect(seen.end.problem).toBeUndefined();
        expect(seen.end.lines).toBe(lines.length);
        expect(seen.rows.size + seen.lines.size).toBe(lines.length);
        expect(seen.rows.get(lines.length)?.join('\t') ?? seen.lines.get(lines.length)).toBe(lines.at(-1));
      }
    } finally {
      for (const pool of pools) await pool.close();
    }
  });

  it('hands back a line longer than a slot and a last line without LF, at every alignment of the slots', async () => {
    const out = await dir('rt-long');
    const header = INTERVAL_HEADER;
    const lines = [header];
    // Rows of varying length, so that the partial line carried into each slot has every length mod 8.
    for (let k = 0; k < 12_000; k++) {
      lines.push(intervalRow(k, `SP${'7'.repeat(k % 13)}${k % 50}`));
      if (k === 5000) lines.push(`SPLONG\t1\t20250301\t0015\tKWH\tA\t-05:00\tELECTRIC\t${'x'.repeat(100_000)}`);
    }
    const text = Buffer.from(lines.join('\n'), 'utf8');
    const path = join(out, 'opwr_demo_res_2-0-5_interval15_20250313000000.gz');
    await writeFile(path, gzipSync(text));
    const seen = await drain(path, 'interval');
    expect(seen.end.problem).toBeUndefined();
    expect(seen.end.lines).toBe(lines.length);
    for (let n = 1; n <= lines.length; n++) {
      const got = seen.rows.get(n)?.join('\t') ?? seen.lines.get(n);
      if (got !== lines[n - 1]) expect(got, `line ${n}`).toBe(lines[n - 1]);
    }
    expect(seen.rows.size).toBeGreaterThan(lines.length * 0.85);
  });

  it('hands every other slot over unread when asked, and every line still comes back once, in order', async () => {
    const out = await dir('rt-raw');
    const header = INTERVAL_HEADER;
    const lines = [header];
    for (let k = 0; k < 40_000; k++) {
      // Two service points in turn, in runs of three rows and (every other 500 rows) of one: a row right after
      // an unread slot often has the service point of the last row the thread read, but not of the line before.
      const row = intervalRow(k, `SP${Math.floor(k / (Math.floor(k / 500) % 2 === 0 ? 1 : 3)) % 2}`);
      // A few lines the fast lane does not take, and one longer than a slot (never in an unread slot).
      lines.push(k % 997 === 0 ? row.replace('KWH', 'BTU') : row);
      if (k === 5000) lines.push(`SPLONG\t1\t20250301\t0015\tKWH\tA\t-05:00\tELECTRIC\t${'x'.repeat(100_000)}`);
    }
    const text = Buffer.from(lines.join('\n'), 'utf8');
    const path = join(out, 'opwr_demo_res_2-0-5_interval15_20250313000000.gz');
    await writeFile(path, gzipSync(text));
    const seen = await drain(path, 'interval', undefined, Infinity, -1);
    expect(seen.end.problem).toBeUndefined();
    expect(seen.end.lines).toBe(lines.length);
    let wrong = 0;
    for (let n = 1; n <= lines.length; n++) {
      const ways = [seen.rows.get(n)?.join('\t'), seen.lines.get(n), seen.unread.get(n)].filter((x) => x !== undefined);
      if (ways.length !== 1 || ways[0] !== lines[n - 1]) wrong++;
    }
    expect(wrong).toBe(0);
    // A row is marked as having the line before's service point only when it has.
    const spOf = (n: number) => (seen.rows.get(n)?.join('\t') ?? seen.lines.get(n) ?? seen.unread.get(n) ?? '').split('\t')[0];
    expect(seen.same.size).toBeGreaterThan(lines.length * 0.1);
    expect([...seen.same].filter((n) => spOf(n) !== spOf(n - 1))).toEqual([]);
    // Both kinds of slot, in about equal parts; the header and the long line read by the thread.
    expect(seen.unread.size).toBeGreaterThan(lines.length * 0.3);
    expect(seen.rows.size).toBeGreaterThan(lines.length * 0.3);
    expect(seen.lines.get(1)).toBe(header);
    const long = lines.findIndex((l) => l.startsWith('SPLONG')) + 1;
    expect(seen.unread.has(long)).toBe(false);
    expect(seen.lines.has(long) || seen.overlong.includes(long)).toBe(true);
  });

  it('reads gzip the same inflating it itself as through the stream (INTAKE_SYNC_INFLATE=0), whole or truncated', async () => {
    const out = await dir('rt-sync');
    const m = await generate({ standard: 'interval', interval: 15, meters: 40, since: '2025-03-01', until: '2025-03-12', defects: 0.005, seed: 15, out: out });
    const path = join(out, m.files[0]!.name);
    const cut = join(out, 'opwr_demo_res_2-0-5_interval15_20250313000000.gz');
    const full = await readFile(path);
    await writeFile(cut, full.subarray(0, Math.floor(full.length * 0.7)));
    for (const p of [path, cut]) {
      const inflated = await drain(p, 'interval');
      process.env.INTAKE_SYNC_INFLATE = '0';
      let streamed: Seen;
      try {
        // A new worker: it takes the environment as it is when it starts.
        streamed = await drain(p, 'interval');
      } finally {
        delete process.env.INTAKE_SYNC_INFLATE;
      }
      expect(inflated.end).toEqual(streamed.end);
      expect([...inflated.rows]).toEqual([...streamed.rows]);
      expect([...inflated.lines]).toEqual([...streamed.lines]);
      expect(inflated.rows.size).toBeGreaterThan(1000);
    }
  });

  it('ends a truncated archive with its problem and the lines read so far', async () => {
    const out = await dir('rt-trunc');
    const m = await generate({ standard: 'interval', interval: 15, meters: 40, since: '2025-03-01', until: '2025-03-12', seed: 12, out: out });
    const full = await readFile(join(out, m.files[0]!.name));
    const path = join(out, 'opwr_demo_res_2-0-5_interval15_20250313000000.gz');
    await writeFile(path, full.subarray(0, Math.floor(full.length / 2)));
    const seen = await drain(path, 'interval');
    expect(seen.end.problem?.code).toBe('ARCHIVE_TRUNCATED');
    expect(seen.end.lines).toBe(seen.rows.size + seen.lines.size);
    expect(seen.end.lines).toBeGreaterThan(100);
  });
});
