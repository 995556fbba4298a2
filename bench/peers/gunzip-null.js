/**
 * The limit: Node's gunzip with 256 KiB chunks to a null sink, for each file of the delivery in turn. Nothing
 * is parsed and nothing is scanned: it only sums the bytes.
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const CHUNK = 256 * 1024;
let bytes = 0;
for (const file of process.argv.slice(2)) {
  await pipeline(
    createReadStream(file, { highWaterMark: CHUNK }),
    createGunzip({ chunkSize: CHUNK }),
    new Writable({
      write(chunk, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    }),
  );
}
process.stdout.write(`${JSON.stringify({ bytes, maxRSS: process.resourceUsage().maxRSS * 1024 })}\n`);
