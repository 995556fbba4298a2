/**
 * Opens a delivery file as a stream of decompressed bytes: gzip, zip (exactly one file, no folders) or plain.
 * The kind is told from the content (magic bytes), not the name; a name that disagrees is reported. Problems with
 * the archive are returned as coded problems, never thrown, so a broken file is an issue and not a crash.
 */
import { createReadStream } from 'node:fs';
import { open as openFile, stat } from 'node:fs/promises';
import { constants as zlibConstants, createGunzip, gunzipSync, type ZlibOptions } from 'node:zlib';
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';

export type Compression = 'gzip' | 'zip' | 'none';

export interface SourceProblem {
  readonly code: string;
  readonly expected?: string;
  readonly received?: string;
}

export interface OpenedSource {
  readonly compression: Compression;
  /** Size on disk. */
  readonly bytes: number;
  /** Decompressed bytes. Errors of the archive surface as a rejected iteration with a `problem` property. */
  readonly stream: Readable | null;
  readonly problems: SourceProblem[];
  /** Name of the file inside a zip. */
  readonly innerName?: string;
  /**
   * About how many bytes the data decompresses to, when the container says (gzip's trailer, a zip entry's
   * header) or the file is plain: a hint for making room up front, never trusted for anything else.
   */
  readonly expectedBytes?: number | undefined;
}

/** Thrown by a stream iteration when the archive turns out broken mid-way. */
export class ArchiveError extends Error {
  constructor(readonly problem: SourceProblem) {
    super(problem.received ?? problem.code);
  }
}

/**
 * Decompressed chunks of 256 KiB: Node's default 16 KiB makes gunzip about three times slower. Override with
 * INTAKE_CHUNK_BYTES to measure.
 */
export const CHUNK_BYTES = Number(process.env.INTAKE_CHUNK_BYTES ?? 0) || 256 * 1024;
/**
 * How far zlib may run ahead of the validator (decompressed bytes buffered). zlib inflates on the thread pool,
 * so with room to run ahead it works on the second core while the main thread scans; with Node's default
 * (one chunk) the two mostly take turns. Override with INTAKE_READAHEAD_BYTES to measure.
 */
export const READAHEAD_BYTES = Number(process.env.INTAKE_READAHEAD_BYTES ?? 0) || 8 * 1024 * 1024;

/**
 * @param sizeHint also work out `expectedBytes` (for gzip, an inflate of the file's first 64 KiB): only the
 * validator's own opening needs it, not the reader thread's second one.
 */
export async function openSource(path: string, sizeHint = false): Promise<OpenedSource> {
  const info = await stat(path);
  if (!info.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'READ_NOT_A_FILE' });
  // The first bytes tell the kind; a gzip file's first 64 KiB and last 4 also give its size hint (gzipSizeHint).
  const head = Buffer.alloc(sizeHint ? Math.min(info.size, PROBE_BYTES) : 4);
  const tail = Buffer.alloc(4);
  const fh = await openFile(path, 'r');
  let n: number;
  try {
    n = (await fh.read(head, 0, head.length, 0)).bytesRead;
    if (sizeHint && info.size >= 18) await fh.read(tail, 0, 4, info.size - 4);
  } finally {
    await fh.close();
  }
  const problems: SourceProblem[] = [];
  if (info.size === 0) return { compression: 'none', bytes: 0, stream: null, problems: [{ code: 'FILE_EMPTY' }] };
  const ext = (/\.([A-Za-z0-9]+)$/.exec(path)?.[1] ?? '').toLowerCase();
  const isGzip = n >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const isZip = n >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
  const kind: Compression = isGzip ? 'gzip' : isZip ? 'zip' : 'none';
  if (ext === 'gz' && kind !== 'gzip') {
    problems.push(kind === 'zip'
      ? { code: 'FILE_EXTENSION_MISMATCH', expected: 'gz', received: 'a zip archive' }
      : { code: 'ARCHIVE_CORRUPT', received: 'the file is named .gz but is not gzip data' });
    if (kind === 'none') return { compression: 'none', bytes: info.size, stream: null, problems };
  } else if (ext === 'zip' && kind !== 'zip') {
    problems.push(kind === 'gzip'
      ? { code: 'FILE_EXTENSION_MISMATCH', expected: 'zip', received: 'gzip data' }
      : { code: 'ARCHIVE_CORRUPT', received: 'the file is named .zip but is not a zip archive' });
    if (kind === 'none') return { compression: 'none', bytes: info.size, stream: null, problems };
  } else if (kind === 'none') {
    problems.push({ code: 'FILE_UNCOMPRESSED' });
  } else if (ext !== 'gz' && ext !== 'zip') {
    problems.push({ code: 'FILE_EXTENSION_MISMATCH', expected: ext || '(none)', received: kind === 'gzip' ? 'gzip data' : 'a zip archive' });
  }
  if (kind === 'gzip') {
    const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES, readableHighWaterMark: READAHEAD_BYTES } as ZlibOptions);
    raw.on('error', (e) => gunzip.destroy(e));
    raw.pipe(gunzip);
    return { compression: 'gzip', bytes: info.size, stream: gunzip, problems, expectedBytes: sizeHint ? gzipSizeHint(info.size, tail.readUInt32LE(0), head.subarray(0, n)) : undefined };
  }
  if (kind === 'zip') return openZip(path, info.size, problems);
  return { compression: 'none', bytes: info.size, stream: createReadStream(path, { highWaterMark: CHUNK_BYTES }), problems, expectedBytes: info.size };
}

async function openZip(path: string, size: number, problems: SourceProblem[]): Promise<OpenedSource> {
  let zip: yauzl.ZipFile;
  try {
    // Loaded on first use: from an ES module Node parses a CommonJS package's source to find its exports, and
    // that parser was optimised anew in every thread (about 0.2 s of compile CPU per validation), zip or not.
    const { default: zipReader } = await import('yauzl');
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      zipReader.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) => (err || !z ? reject(err ?? new Error('no zip')) : resolve(z))),
    );
  } catch (err) {
    problems.push({ code: /end of central directory/i.test(String(err)) ? 'ARCHIVE_TRUNCATED' : 'ARCHIVE_CORRUPT', received: errText(err) });
    return { compression: 'zip', bytes: size, stream: null, problems };
  }
  const files: yauzl.Entry[] = [];
  const folders: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        if (/\/$/.test(e.fileName)) folders.push(e.fileName);
        else {
          files.push(e);
          if (e.fileName.includes('/')) folders.push(e.fileName.slice(0, e.fileName.lastIndexOf('/') + 1));
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    problems.push({ code: 'ARCHIVE_CORRUPT', received: errText(err) });
    return { compression: 'zip', bytes: size, stream: null, problems };
  }
  if (folders.length > 0) problems.push({ code: 'ZIP_HAS_FOLDER', received: [...new Set(folders)].join(', ') });
  if (files.length === 0) {
    zip.close();
    problems.push({ code: 'ZIP_EMPTY' });
    return { compression: 'zip', bytes: size, stream: null, problems };
  }
  if (files.length > 1) {
    problems.push({ code: 'ZIP_MULTIPLE_FILES', received: `${files.length} (${files.map((f) => f.fileName).slice(0, 5).join(', ')})` });
  }
  const entry = files[0] as yauzl.Entry;
  try {
    const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))));
    stream.on('close', () => zip.close());
    return { compression: 'zip', bytes: size, stream, problems, innerName: entry.fileName, expectedBytes: zipSizeHint(entry) };
  } catch (err) {
    zip.close();
    problems.push({ code: 'ARCHIVE_CORRUPT', received: errText(err) });
    return { compression: 'zip', bytes: size, stream: null, problems };
  }
}

/** How much of a gzip file's start is inflated to check the size its trailer states. */
const PROBE_BYTES = 64 * 1024;

/**
 * The uncompressed size a gzip file's trailer states (ISIZE, its last four bytes), when believable. It is the
 * size modulo 2³² of the last member only, and a truncated file ends in arbitrary bytes; so it is taken only
 * when it agrees, within a factor of two, with what the file's first 64 KiB inflate to scaled to the whole
 * file (`head`: those bytes). A hint for making room up front, never trusted for anything else.
 */
export function gzipSizeHint(compressed: number, isize: number, head: Buffer): number | undefined {
  if (head.length === 0 || isize < compressed) return undefined;
  let out: number;
  try {
    // Z_SYNC_FLUSH: inflate what the bytes hold without asking for the end of the stream.
    out = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
  } catch {
    return undefined;
  }
  if (head.length >= compressed) return out === isize ? isize : undefined;
  const scaled = (compressed * out) / head.length;
  return isize >= scaled / 2 && isize <= scaled * 2 ? isize : undefined;
}

/** A zip entry's stated size, when between 1 and 64 times its compressed size (text; a hint, as for gzip). */
function zipSizeHint(entry: yauzl.Entry): number | undefined {
  const size = entry.uncompressedSize;
  return size >= entry.compressedSize && size <= entry.compressedSize * 64 ? size : undefined;
}

/** Turns a decompression error into the problem it means. */
export function archiveProblem(err: unknown): SourceProblem {
  if (err instanceof ArchiveError) return err.problem;
  const e = err as { code?: string; message?: string };
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message ?? '')) {
    return { code: 'ARCHIVE_TRUNCATED', received: 'unexpected end of compressed data' };
  }
  if (e.code === 'Z_DATA_ERROR' || /incorrect header|invalid|bad/i.test(e.message ?? '')) {
    return { code: 'ARCHIVE_CORRUPT', received: e.message ?? 'corrupt compressed data' };
  }
  return { code: 'FILE_READ_FAILED', received: e.message ?? String(err) };
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
