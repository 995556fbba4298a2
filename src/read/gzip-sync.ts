/**
 * A gzip file inflated synchronously, straight into the caller's memory: for the reader thread, which has a
 * thread of its own and writes the lines into shared slots anyway.
 *
 * Why not the stream: Node's Gunzip inflates on the thread pool and hands every 256 KiB of output over in a new
 * Buffer. On the 1.55 GB interval file of the benchmark that stream costs 2.3–3 s of wall and 3.1 s of CPU to
 * a null sink, a third of it in the kernel (the page faults of each new buffer, waking the pool thread and back);
 * the same inflate called here into one reused window costs 1.1–1.3 s of CPU and wall (same bytes, same CRC
 * check). It also saves copying every byte from zlib's buffer into the slot.
 *
 * How: the native handle of a Gunzip stream, through its synchronous `writeSync`, the call that Node's own
 * `zlib.gunzipSync` makes (lib/zlib.js, processChunkSync). The handle is Node's internal API, so it is checked
 * before use: where it is missing `openGzipSync` returns null and the caller reads the stream. The handle's
 * native side is the stream's: concatenated members, zero padding after the last one, the CRC and length check
 * and every error (code and message) are the same.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { constants as zlibConstants, createGunzip, type Gunzip } from 'node:zlib';

/** Compressed bytes read from the file per call (as the stream's read size, CHUNK_BYTES). */
const INPUT_BYTES = 256 * 1024;

interface NativeHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code?: string) => void;
}

export interface GzipSyncReader {
  /**
   * Inflates into out[off, off + len) until it is full or the data ends; returns the bytes written, fewer than
   * len only at the end (the next call returns 0) or at a break in the archive: the bytes inflated before it
   * are returned first, and the next call throws (code Z_DATA_ERROR, Z_BUF_ERROR…).
   */
  read(out: Uint8Array, off: number, len: number): number;
  close(): void;
}

/** Whether Node's zlib offers what this module uses (checked once). */
let available: boolean | undefined;

function handleOf(z: Gunzip): { handle: NativeHandle; state: Uint32Array } | null {
  const inner = z as unknown as { _handle?: Partial<NativeHandle>; _writeState?: unknown };
  const handle = inner._handle;
  const state = inner._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) return null;
  return { handle: handle as NativeHandle, state };
}

/**
 * A synchronous reader of the gzip file at `path`, or null when the file does not start as gzip or this Node
 * lacks the handle (the caller then reads the stream). INTAKE_SYNC_INFLATE=0 always gives null (to measure).
 */
export function openGzipSync(path: string): GzipSyncReader | null {
  if (process.env.INTAKE_SYNC_INFLATE === '0' || available === false) return null;
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    if (readSync(fd, magic, 0, 2, 0) < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) {
      closeSync(fd);
      return null;
    }
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const z = createGunzip();
  const native = handleOf(z);
  available = native !== null;
  if (!native) {
    z.close();
    closeSync(fd);
    return null;
  }
  const { handle, state } = native;
  let failure: Error | undefined;
  // The stream's own handler would destroy the stream; here the error is kept and thrown by read().
  handle.onerror = (message, errno, code) => {
    failure ??= Object.assign(new Error(message), { errno, code });
  };
  const input = Buffer.allocUnsafe(INPUT_BYTES);
  let inOff = 0;
  let inLen = 0;
  let position = 0;
  let finishing = false;
  let ended = false;
  let closed = false;
  return {
    read(out, off, len) {
      let written = 0;
      while (written < len && !ended) {
        if (failure) break;
        if (inLen === 0 && !finishing) {
          const n = readSync(fd, input, 0, INPUT_BYTES, position);
          position += n;
          inOff = 0;
          inLen = n;
          // No more input: Z_FINISH, which reports a stream that stopped short ("unexpected end of file").
          if (n === 0) finishing = true;
        }
        const room = len - written;
        handle.writeSync(finishing ? zlibConstants.Z_FINISH : zlibConstants.Z_NO_FLUSH, input, inOff, inLen, out, off + written, room);
        if (failure) break;
        const outLeft = state[0] as number;
        const inLeft = state[1] as number;
        written += room - outLeft;
        inOff += inLen - inLeft;
        inLen = inLeft;
        // Room left over: inflate wanted more input. With input left (the data ended before it: zero padding
        // after the last member) or none to come, that is the end, as the stream ends there (zlib.js).
        if (outLeft > 0 && (inLeft > 0 || finishing)) ended = true;
      }
      // What was inflated before an error is the caller's; the error comes with the next call.
      if (failure && written === 0) throw failure;
      return written;
    },
    close() {
      if (closed) return;
      closed = true;
      z.close();
      closeSync(fd);
    },
  };
}
