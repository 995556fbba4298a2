/**
 * Reads the distinct `account_id` values of a delivery's files: the accounts of an approved sample, which the
 * full historical must hold (DECISIONS "Phases"). Streams; memory grows with the number of accounts only.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

async function openText(path: string): Promise<Readable> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const s = createReadStream(path, { start: 0, end: 3 });
    const parts: Buffer[] = [];
    s.on('data', (b) => parts.push(b as Buffer));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
  if (head[0] === 0x1f && head[1] === 0x8b) return createReadStream(path).pipe(createGunzip());
  if (head[0] === 0x50 && head[1] === 0x4b) {
    return new Promise((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true }, (err, zip) => {
        if (err) return reject(err);
        zip.once('entry', (entry: yauzl.Entry) => zip.openReadStream(entry, (e, s) => (e ? reject(e) : resolve(s))));
        zip.once('error', reject);
        zip.readEntry();
      });
    });
  }
  return createReadStream(path);
}

/** The distinct account ids in the files that have an `account_id` column, sorted. */
export async function readSampleAccounts(files: { path: string; name: string }[]): Promise<string[]> {
  const accounts = new Set<string>();
  for (const f of files) {
    const lines = createInterface({ input: await openText(f.path), crlfDelay: Infinity });
    let column = -1;
    let first = true;
    for await (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (first) {
        first = false;
        column = line.replace(/^\uFEFF/, '').split('\t').indexOf('account_id');
        if (column < 0) break;
        continue;
      }
      const value = line.split('\t')[column];
      if (value) accounts.add(value);
    }
    lines.close();
  }
  return [...accounts].sort();
}
