/** Test helpers: read generated files back (gzip, zip or plain) as lines, without the engine's reader. */
import { afterAll } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';

/** The decompressed bytes of a generated file, and the number of zip entries (zip only). */
export async function decompressed(path: string): Promise<{ data: Buffer; entries: number }> {
  const raw = await readFile(path);
  if (path.endsWith('.gz')) return { data: gunzipSync(raw), entries: 1 };
  if (!path.endsWith('.zip')) return { data: raw, entries: 1 };
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(raw, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const chunks: Buffer[] = [];
      let entries = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        entries++;
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve({ data: Buffer.concat(chunks), entries }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Lines of a generated file as raw byte buffers (line 1 is the header), without the final empty line. */
export async function rawLines(path: string): Promise<Buffer[]> {
  const { data } = await decompressed(path);
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a) {
      out.push(data.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < data.length) out.push(data.subarray(start));
  return out;
}

/** Lines as text (UTF-8). */
export async function lines(path: string): Promise<string[]> {
  return (await rawLines(path)).map((b) => b.toString('utf8'));
}

/** Rows as records keyed by the header's column names. */
export async function records(path: string): Promise<Record<string, string>[]> {
  const [header, ...rest] = await lines(path);
  const cols = (header ?? '').split('\t');
  return rest.map((l) => {
    const f = l.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, f[i] ?? '']));
  });
}

/** A fresh temp folder outside the repository; removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `intake-gen-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Temporary folders for one test file's tests, all removed after them: `const dir = scratchDirs();`. */
export function scratchDirs(): (prefix: string) => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });
  return async (prefix) => {
    const t = await tempDir(prefix);
    cleanups.push(t.cleanup);
    return t.dir;
  };
}

/** Every file of a folder with its bytes, sorted by name. */
export async function folderBytes(dir: string): Promise<[string, Buffer][]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (n) => [n, await readFile(join(dir, n))] as [string, Buffer]));
}

/** yyyyMMdd → day number. */
export function dayOfCompact(s: string): number {
  return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / 86400000;
}
