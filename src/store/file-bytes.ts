/**
 * Decompressed bytes of a delivery file (gzip, zip with one entry, or plain), told apart by their magic bytes.
 * A private helper of the loader until the shared reader (src/read) is on main; same shape as its
 * `openDecompressed`, so the swap is one import.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export async function openDecompressed(path: string): Promise<{ stream: AsyncIterable<Buffer>; compression: 'gzip' | 'zip' | 'none' }> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(4);
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return { stream: raw.pipe(createGunzip({ chunkSize: 1 << 20 })), compression: 'gzip' };
  }
  if (head.readUInt32LE(0) === 0x04034b50) {
    raw.destroy();
    return { stream: await openZipEntry(path), compression: 'zip' };
  }
  return { stream: raw, compression: 'none' };
}

async function openZipEntry(path: string): Promise<Readable> {
  const yauzl = await import('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry: import('yauzl').Entry) => {
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, s) => (e ? reject(e) : resolve(s)));
      });
      zip.on('end', () => reject(Object.assign(new Error(`${path}: the zip archive holds no file`), { code: 'LOAD_FILE_UNREADABLE' })));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
