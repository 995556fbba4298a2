import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../src/sftp/file-facts.js';
import { checkRows, checkSent, ManifestError, parseManifest } from '../../src/sftp/manifest.js';
import { tempDir } from './helpers.js';

const GOOD = `meta:\n  version: "1.0"\ntransfer:\n  validity_window: 3600\nfiles:\n  - name: a.gz\n    bytes: 10\n    sha256: ${'ab'.repeat(32)}\n    rows: 2\n`;

describe('manifest', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  beforeAll(async () => { dir = await tempDir('intake-manifest-'); });
  afterAll(async () => { await dir.cleanup(); });

  it('reads version, window and files', () => {
    expect(parseManifest(GOOD)).toEqual({ version: '1.0', validityWindowSeconds: 3600, files: [{ name: 'a.gz', bytes: 10, sha256: 'ab'.repeat(32), rows: 2 }] });
  });

  it.each([
    ['not: [yaml', /not YAML/],
    ['- a\n- b', /mapping/],
    ['transfer:\n  validity_window: 1\nfiles: [{name: a}]', /meta.version/],
    ['meta: {version: 1}\nfiles: [{name: a}]', /validity_window/],
    ['meta: {version: 1}\ntransfer: {validity_window: 5}\nfiles: []', /at least one/],
    ['meta: {version: 1}\ntransfer: {validity_window: 5}\nfiles: [{name: a, bytes: -1}]', /bytes/],
    ['meta: {version: 1}\ntransfer: {validity_window: 5}\nfiles: [{name: a, sha256: xyz}]', /sha256/],
    ['meta: {version: 1}\ntransfer: {validity_window: 5}\nfiles: [{name: a}, {name: a}]', /twice/],
    ['meta: {version: 1}\ntransfer: {validity_window: 5}\nfiles: [{name: ../a}]', /name/],
  ])('refuses %j', (text, reason) => {
    expect(() => parseManifest(text)).toThrow(ManifestError);
    expect(() => parseManifest(text)).toThrow(reason);
  });

  it('counts data rows of gzip, zip and plain files (a last line without a line end counts)', async () => {
    const text = 'h1\th2\n1\t2\n3\t4\n5\t6';
    await writeFile(join(dir.path, 'r.gz'), gzipSync(text));
    await writeFile(join(dir.path, 'r.txt'), `${text}\n`);
    await writeFile(join(dir.path, 'empty.txt'), '');
    await writeFile(join(dir.path, 'r.zip'), await zipOf('r.txt', text));
    expect(await countRows(join(dir.path, 'r.gz'))).toBe(3);
    expect(await countRows(join(dir.path, 'r.txt'))).toBe(3);
    expect(await countRows(join(dir.path, 'r.zip'))).toBe(3);
    expect(await countRows(join(dir.path, 'empty.txt'))).toBe(0);
  });

  it('reports size, checksum and row mismatches, and nothing when all agree', async () => {
    const body = gzipSync('h\n1\n2\n');
    const path = join(dir.path, 'm.gz');
    await writeFile(path, body);
    const sha256 = createHash('sha256').update(body).digest('hex');
    expect(await checkSent({ name: 'm.gz', bytes: body.length, sha256 }, path)).toEqual([]);
    expect(await checkRows({ name: 'm.gz', rows: 2 }, path)).toEqual([]);
    const bad = [...await checkSent({ name: 'm.gz', bytes: body.length + 1, sha256: '0'.repeat(64) }, path), ...await checkRows({ name: 'm.gz', rows: 5 }, path)];
    expect(bad.map((p) => [p.code, p.file])).toEqual([['MANIFEST_MISMATCH', 'm.gz'], ['MANIFEST_MISMATCH', 'm.gz'], ['MANIFEST_MISMATCH', 'm.gz']]);
    expect(bad.map((p) => p.expected)).toEqual([`${body.length + 1} bytes announced, ${body.length} received`, `sha256 ${'0'.repeat(64)} announced, ${sha256} received`, '5 rows announced, 2 received']);
  });

  it('reports a file whose rows cannot be counted as a mismatch, not a crash', async () => {
    const path = join(dir.path, 'broken.gz');
    await writeFile(path, gzipSync('h\n1\n2\n').subarray(0, 12));
    const [p] = await checkRows({ name: 'broken.gz', rows: 2 }, path);
    expect(p?.code).toBe('MANIFEST_MISMATCH');
    expect(p?.expected).toMatch(/cannot be counted/);
  });
});

function zipOf(name: string, text: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(text), name);
  zip.end();
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (d: Buffer) => parts.push(d));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
  });
}
