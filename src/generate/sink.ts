/**
 * A streamed, buffered output file: lines are gathered into ~64 KB chunks and written through the compressor
 * (gzip, a one-entry zip, or none) with backpressure respected, so memory stays flat whatever the row count.
 * Output is deterministic: node's gzip header carries no mtime, and the zip entry's time comes from the stamp.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants as zlibConstants, type ZlibOptions } from 'node:zlib';
import yazl from 'yazl';

export type Compression = 'gz' | 'zip' | 'none';

const CHUNK_CHARS = 64 * 1024;

/**
 * gzip level: 6 is zlib's default; compression costs more CPU than generating the rows, so the lightest level
 * keeps rows/s high (files come out about a fifth larger than at level 6).
 */
const GZIP_LEVEL = 1;

/** Bytes buffered ahead of the compressor before the generator waits for it (bounded memory per file). */
const PIPE_BUFFER = 8 * 1024 * 1024;

export class FileSink {
  /** Lines written so far, the header included (the next line written is `lines + 1`). */
  lines = 0;
  private chunk = '';
  private readonly input: Writable;
  private readonly done: Promise<void>;

  /**
   * @param path file to write
   * @param entryName name of the single zip entry (zip only)
   * @param stampDate the time written into the zip entry
   */
  constructor(path: string, compression: Compression, entryName: string, stampDate: Date) {
    const out: WriteStream = createWriteStream(path);
    switch (compression) {
      case 'gz': {
        // A deep write buffer lets compression (on the thread pool) overlap with generation on the main thread.
        // (zlib streams take the Transform options; node's typings only list the zlib ones.)
        const gz = createGzip({ level: GZIP_LEVEL, strategy: zlibConstants.Z_DEFAULT_STRATEGY, chunkSize: 256 * 1024, highWaterMark: PIPE_BUFFER } as ZlibOptions);
        this.input = gz;
        this.done = pipeline(gz, out);
        break;
      }
      case 'zip': {
        const zip = new yazl.ZipFile();
        const entry = new PassThrough({ highWaterMark: PIPE_BUFFER });
        // forceDosTimestamp: no extended (UTC) timestamp field, so bytes do not depend on the host's time zone.
        zip.addReadStream(entry, entryName, { mtime: stampDate, compress: true, forceDosTimestamp: true, compressionLevel: GZIP_LEVEL });
        zip.end();
        this.input = entry;
        this.done = pipeline(zip.outputStream, out);
        break;
      }
      case 'none':
        this.input = out;
        this.done = once(out, 'finish').then(() => undefined);
        break;
    }
    // close() awaits the same promise and reports the failure; this only keeps an early error from being unhandled.
    this.done.catch(() => undefined);
  }

  /** Appends one line (without its line end). */
  line(text: string): void {
    this.chunk += text;
    this.chunk += '\n';
    this.lines++;
  }

  /** Appends one line given as raw bytes (used to write deliberately invalid UTF-8). */
  async rawLine(bytes: Buffer): Promise<void> {
    await this.flush();
    await this.write(Buffer.concat([bytes, Buffer.from('\n')]));
    this.lines++;
  }

  /** Whether enough is buffered that the caller should `await flush()`. */
  get full(): boolean {
    return this.chunk.length >= CHUNK_CHARS;
  }

  /** Writes out what is buffered, waiting for the stream to drain when it asks to. */
  async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const data = Buffer.from(this.chunk, 'utf8');
    this.chunk = '';
    await this.write(data);
  }

  private async write(data: Buffer): Promise<void> {
    if (!this.input.write(data)) await once(this.input, 'drain');
  }

  /** Flushes, ends the stream and waits until the file is on disk. */
  async close(): Promise<void> {
    await this.flush();
    this.input.end();
    await this.done;
  }
}

/** The stamp yyyyMMddHHmmss as a Date whose LOCAL fields are the stamp (zip stores local DOS time). */
export function stampToLocalDate(stamp: string): Date {
  const n = (a: number, b: number): number => Number(stamp.slice(a, b));
  return new Date(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14));
}

/** File extension for a compression choice. */
export function extensionOf(compression: Compression): string {
  return compression === 'gz' ? 'gz' : compression === 'zip' ? 'zip' : 'txt';
}
