/** Facts about a received file that a manifest can announce: size, SHA-256, data rows. Streaming throughout. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

/**
 * Data rows of a delivery file: lines of the decompressed content minus the header (a last line without a line
 * end counts). gzip and zip are told by their first bytes, not the name.
 */
export async function countRows(path: string): Promise<number> {
  const stream = await openContent(path);
  let newlines = 0;
  let last = -1;
  let any = false;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (buf.length === 0) continue;
    any = true;
    let i = buf.indexOf(10);
    while (i !== -1) { newlines++; i = buf.indexOf(10, i + 1); }
    last = buf[buf.length - 1] ?? -1;
  }
  if (!any) return 0;
  const lines = newlines + (last === 10 ? 0 : 1);
  return Math.max(0, lines - 1);
}

async function openContent(path: string): Promise<Readable> {
  const head = Buffer.alloc(4);
  const fh = await open(path, 'r');
  try { await fh.read(head, 0, 4, 0); } finally { await fh.close(); }
  if (head[0] === 0x1f && head[1] === 0x8b) return createReadStream(path).pipe(createGunzip());
  if (head.readUInt32LE(0) === 0x04034b50) return firstZipEntry(path);
  return createReadStream(path);
}

function firstZipEntry(path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err) { reject(err); return; }
      zip.once('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, s) => { if (e) reject(e); else resolve(s); });
      });
      zip.once('end', () => reject(Object.assign(new Error('the zip archive holds no file'), { code: 'ZIP_EMPTY' })));
      zip.once('error', reject);
      zip.readEntry();
    });
  });
}
