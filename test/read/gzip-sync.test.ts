import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { createGunzip, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { openGzipSync } from '../../src/read/gzip-sync.js';

const dir = mkdtempSync(join(tmpdir(), 'intake-gzip-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(bytes: Buffer): string {
  const path = join(dir, `f${counter++}.gz`);
  writeFileSync(path, bytes);
  return path;
}

/** Text that does not compress to nothing: numbered lines with varying values. */
function text(lines: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) parts.push(`${3000000000 + (i >> 5)}\t${((i * 7919) % 1000) / 7}\t2025060${1 + (i % 9)}\n`);
  return Buffer.from(parts.join(''));
}

/** Everything the sync reader gives in windows of `window` bytes, into shared memory as the reader thread does. */
function readAll(path: string, window: number): { out: Buffer; error?: { code: string | undefined; message: string } } {
  const r = openGzipSync(path);
  if (!r) throw new Error('not opened');
  const slot = Buffer.from(new SharedArrayBuffer(window + 3));
  const parts: Buffer[] = [];
  try {
    for (;;) {
      // At an odd offset: nothing may depend on the window's alignment.
      const k = r.read(slot, 3, window);
      parts.push(Buffer.from(slot.subarray(3, 3 + k)));
      if (k === 0) break;
    }
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { out: Buffer.concat(parts), error: { code: e.code, message: e.message } };
  } finally {
    r.close();
  }
  return { out: Buffer.concat(parts) };
}

/** What Node's Gunzip stream gives for the same file, and its error. */
async function streamed(path: string): Promise<{ out: Buffer; error?: { code: string | undefined; message: string } }> {
  const parts: Buffer[] = [];
  try {
    for await (const c of createReadStream(path).pipe(createGunzip())) parts.push(c as Buffer);
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { out: Buffer.concat(parts), error: { code: e.code, message: e.message } };
  }
  return { out: Buffer.concat(parts) };
}

describe('gzip read synchronously into the caller’s memory', () => {
  const data = text(60_000);
  const gz = gzipSync(data);

  test.each([1, 7, 4096, 65536, 1 << 20])('the same bytes as gunzip, in windows of %i bytes', (window) => {
    const r = readAll(file(gz), window);
    expect(r.error).toBeUndefined();
    expect(r.out.equals(data)).toBe(true);
  });

  test('concatenated members, and zero padding after the last one, as the stream reads them', async () => {
    const other = text(1000);
    for (const bytes of [Buffer.concat([gz, gzipSync(other)]), Buffer.concat([gz, Buffer.alloc(100)])]) {
      const path = file(bytes);
      const s = await streamed(path);
      const r = readAll(path, 65536);
      expect(r.error).toBeUndefined();
      expect(r.out.equals(s.out)).toBe(true);
    }
    expect(readAll(file(Buffer.concat([gz, gzipSync(other)])), 65536).out.length).toBe(data.length + other.length);
  });

  test('an empty member gives no bytes and no error', () => {
    const r = readAll(file(gzipSync(Buffer.alloc(0))), 4096);
    expect(r.error).toBeUndefined();
    expect(r.out.length).toBe(0);
  });

  test('a truncated file: every byte before the cut, then the stream’s error', async () => {
    const path = file(gz.subarray(0, gz.length - 1000));
    const s = await streamed(path);
    const r = readAll(path, 65536);
    expect(r.error).toEqual({ code: 'Z_BUF_ERROR', message: 'unexpected end of file' });
    expect(r.error).toEqual(s.error);
    // All that the cut file inflates to, as from the stream: none of it is dropped with the error.
    expect(r.out.length).toBeGreaterThan(data.length / 2);
    expect(r.out.equals(s.out)).toBe(true);
    expect(r.out.equals(data.subarray(0, r.out.length))).toBe(true);
  });

  test('a wrong checksum, damaged data and junk after the member: the stream’s errors', async () => {
    const crc = Buffer.from(gz);
    crc[gz.length - 6] = (crc[gz.length - 6] as number) ^ 1;
    const damaged = Buffer.from(gz);
    for (let i = 0; i < 64; i++) damaged[(gz.length >> 1) + i] = (damaged[(gz.length >> 1) + i] as number) ^ 0x5a;
    const junk = Buffer.concat([gz, Buffer.from('junk after the member')]);
    for (const bytes of [crc, damaged, junk]) {
      const path = file(bytes);
      const s = await streamed(path);
      const r = readAll(path, 65536);
      expect(s.error).toBeDefined();
      expect(r.error).toEqual(s.error);
      // Before the break both give the same bytes (damaged data may inflate to garbage before zlib sees it).
      const n = Math.min(r.out.length, s.out.length);
      expect(r.out.subarray(0, n).equals(s.out.subarray(0, n))).toBe(true);
    }
  });

  test('a file that is not gzip is left to the stream (null), as is every file with INTAKE_SYNC_INFLATE=0', () => {
    expect(openGzipSync(file(data))).toBeNull();
    const path = file(gz);
    process.env.INTAKE_SYNC_INFLATE = '0';
    try {
      expect(openGzipSync(path)).toBeNull();
    } finally {
      delete process.env.INTAKE_SYNC_INFLATE;
    }
    const r = openGzipSync(path);
    expect(r).not.toBeNull();
    r?.close();
  });
});
