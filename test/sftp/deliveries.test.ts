import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryAssembler, type CompletedFile } from '../../src/sftp/deliveries.js';
import { SftpLayout } from '../../src/sftp/layout.js';
import { SYSTEM_CLOCK, type SftpArea } from '../../src/sftp/ports.js';
import { FileReceiptWriter } from '../../src/sftp/receipts.js';
import { eventually, MemoryAudit, MemoryDirectory, RecordingIntake, tempDir } from './helpers.js';

const stamp = (d: number): string => `2025010${d}000000`;
const name = (type: string, d: number, ext = 'gz'): string => `opwr_acme_res_1-19-0_${type}_${stamp(d)}.${ext}`;

describe('delivery assembly', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let layout: SftpLayout;
  let receipts: FileReceiptWriter;
  let intake: RecordingIntake;
  let audit: MemoryAudit;
  let directory: MemoryDirectory;
  let assembler: DeliveryAssembler;
  const errors: unknown[] = [];

  const make = (settleMs: number): DeliveryAssembler =>
    new DeliveryAssembler({ directory, intake, receipts, audit, clock: SYSTEM_CLOCK, settleMs, onError: (e) => errors.push(e) });

  async function file(fileName: string, content: Buffer | string, area: SftpArea = 'shared_files'): Promise<CompletedFile> {
    const d = join(dir.path, 'received', `${Math.random()}`);
    await mkdir(d, { recursive: true });
    const path = join(d, fileName);
    await writeFile(path, content);
    return { utility: 'acme', area, name: fileName, path, bytes: Buffer.byteLength(content) };
  }
  const receipt = async (fileName: string): Promise<{ file: string; status: string; report: { issues: { code: string; file?: string; message: string }[]; summary: { passed: boolean } } }> =>
    JSON.parse(await readFile(join(layout.receipts('acme'), `${fileName}.receipt.json`), 'utf8'));

  beforeEach(async () => {
    dir = await tempDir('intake-assembly-');
    layout = new SftpLayout(dir.path);
    await layout.ensureHome('acme');
    receipts = new FileReceiptWriter(layout);
    intake = new RecordingIntake();
    audit = new MemoryAudit();
    directory = new MemoryDirectory();
    directory.add({ code: 'acme', publicKeys: [], eu: false });
    errors.length = 0;
  });
  afterEach(async () => { await assembler.close(); await dir.cleanup(); expect(errors).toEqual([]); });

  it('hands a customer + usage pair over at once, without waiting to settle', async () => {
    assembler = make(60_000);
    assembler.add(await file(name('customer', 1), 'c'));
    assembler.add(await file(name('usage', 1), 'u'));
    await intake.waitFor(1, 2000);
    expect(intake.deliveries[0]!.files.map((f) => f.name)).toEqual([name('customer', 1), name('usage', 1)]);
  });

  it('waits the settle time for a lone file, and keeps areas and stamps apart', async () => {
    assembler = make(100);
    assembler.add(await file(name('customer', 1), 'c'));
    assembler.add(await file(name('usage', 2), 'u'));
    assembler.add(await file(name('usage', 1), 'u', 'Uploads'));
    await new Promise((r) => setTimeout(r, 30));
    expect(intake.deliveries).toHaveLength(0);
    await intake.waitFor(3, 2000);
    expect(intake.deliveries.map((d) => [d.area, d.files.map((f) => f.name)])).toEqual([
      ['shared_files', [name('customer', 1)]],
      ['Uploads', [name('usage', 1)]],
      ['shared_files', [name('usage', 2)]],
    ]);
  });

  it('hands deliveries over in stamp order even when a later one is ready first', async () => {
    assembler = make(150);
    assembler.add(await file(name('full', 3), 'x'));
    await new Promise((r) => setTimeout(r, 60));
    assembler.add(await file(name('full', 2), 'x'));
    await intake.waitFor(2, 3000);
    expect(intake.deliveries.map((d) => d.files[0]!.name)).toEqual([name('full', 2), name('full', 3)]);
  });

  it('gathers files that come after their group was ready into one next delivery', async () => {
    assembler = make(50);
    // An unfinished manifest for an earlier stamp holds the feed back, so the first group stays ready but waiting.
    assembler.add(await file('m.manifest.yaml', manifest(0.6, [{ name: name('full', 1) }])));
    await new Promise((r) => setTimeout(r, 20));
    assembler.add(await file(name('full', 2), 'x'));
    await new Promise((r) => setTimeout(r, 150));
    assembler.add(await file(name('customer', 2), 'c'));
    assembler.add(await file(name('usage', 2), 'u'));
    await intake.waitFor(2, 3000);
    expect(intake.deliveries.map((d) => d.files.map((f) => f.name))).toEqual([[name('full', 2)], [name('customer', 2), name('usage', 2)]]);
    expect((await receipt('m.manifest.yaml')).report.issues.map((i) => i.code)).toEqual(['MANIFEST_FILE_MISSING']);
  });

  it('keeps stamp order per feed: an incomplete interval delivery does not hold back billing', async () => {
    assembler = make(100);
    assembler.add(await file('i.manifest.yaml', manifest(30, [{ name: 'opwr_acme_2-0-5_interval60_20250101000000.gz' }])));
    await new Promise((r) => setTimeout(r, 30));
    assembler.add(await file(name('full', 2), 'x'));
    await intake.waitFor(1, 2000);
    expect(intake.deliveries[0]!.files.map((f) => f.name)).toEqual([name('full', 2)]);
  });

  it('hands a delivery over when every file of its manifest matches', async () => {
    assembler = make(60_000);
    const body = gzipSync('h\n1\n2\n');
    const sha256 = createHash('sha256').update(body).digest('hex');
    assembler.add(await file('delivery.manifest.yaml', manifest(10, [{ name: name('full', 1), bytes: body.length, sha256, rows: 2 }])));
    await new Promise((r) => setTimeout(r, 50));
    assembler.add(await file(name('full', 1), body));
    await intake.waitFor(1, 2000);
    expect(intake.deliveries[0]!.files.map((f) => f.name)).toEqual([name('full', 1)]);
  });

  it('rejects a manifest mismatch with a receipt naming the file and what differs', async () => {
    assembler = make(60_000);
    const body = gzipSync('h\n1\n2\n');
    assembler.add(await file('m.manifest.yaml', manifest(10, [{ name: name('full', 1), bytes: body.length, rows: 3 }])));
    await new Promise((r) => setTimeout(r, 50));
    assembler.add(await file(name('full', 1), body));
    const r = await eventually(() => receipt(name('full', 1)).catch(() => undefined), 3000, 'receipt');
    expect(r.status).toBe('rejected');
    expect(r.report.summary.passed).toBe(false);
    expect(r.report.issues.map((i) => [i.code, i.file])).toEqual([['MANIFEST_MISMATCH', name('full', 1)]]);
    expect(r.report.issues[0]!.message).toContain('3 rows announced, 2 received');
    expect((await receipt('m.manifest.yaml')).status).toBe('rejected');
    expect(intake.deliveries).toHaveLength(0);
  });

  it('reports files of the manifest still missing when its window closes', async () => {
    assembler = make(60_000);
    assembler.add(await file('m.manifest.yaml', manifest(0.2, [{ name: name('customer', 1) }, { name: name('usage', 1) }])));
    await new Promise((r) => setTimeout(r, 30));
    assembler.add(await file(name('customer', 1), 'c'));
    const r = await eventually(() => receipt('m.manifest.yaml').catch(() => undefined), 3000, 'receipt');
    expect(r.report.issues.map((i) => [i.code, i.file])).toEqual([['MANIFEST_FILE_MISSING', name('usage', 1)]]);
    expect((await receipt(name('customer', 1))).status).toBe('rejected');
    expect(intake.deliveries).toHaveLength(0);
  });

  it('tells the sender when the hand-over itself fails', async () => {
    intake = new RecordingIntake(() => Promise.reject(new Error('store unavailable')));
    assembler = make(20);
    assembler.add(await file(name('full', 1), 'x'));
    const r = await eventually(() => receipt(name('full', 1)).catch(() => undefined), 3000, 'receipt');
    expect(r.status).toBe('failed');
    expect(JSON.stringify(r.report)).toContain('store unavailable');
    expect(errors).toHaveLength(1);
    errors.length = 0;
  });

  it('rejects an unreadable manifest', async () => {
    assembler = make(60_000);
    assembler.add(await file('m.manifest.yaml', 'meta: [unclosed'));
    const r = await eventually(() => receipt('m.manifest.yaml').catch(() => undefined), 3000, 'receipt');
    expect(r.status).toBe('rejected');
    expect(r.report.issues.map((i) => i.code)).toEqual(['MANIFEST_INVALID']);
  });

  it('decrypts a PGP upload with the utility\'s protected key; the receipt keeps the uploaded name', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'acme' }], passphrase: 'server-secret', format: 'armored' });
    directory.add({ code: 'acme', publicKeys: [], eu: false, pgp: { privateKeyArmored: privateKey, passphrase: () => Promise.resolve('server-secret') } });
    const plain = gzipSync('h\n1\n');
    const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: plain }), encryptionKeys: await openpgp.readKey({ armoredKey: publicKey }), format: 'binary' });
    assembler = make(100);
    assembler.add(await file(`${name('full', 1)}.pgp`, Buffer.from(encrypted as Uint8Array)));
    await intake.waitFor(1, 5000);
    const f = intake.deliveries[0]!.files[0]!;
    expect([f.name, f.uploadedName]).toEqual([name('full', 1), `${name('full', 1)}.pgp`]);
    expect(await readFile(f.path)).toEqual(plain);
    await receipts.writeReceipt('acme', name('full', 1), { file: name('full', 1), status: 'awaiting-review', report: {} as never });
    expect((await receipt(`${name('full', 1)}.pgp`)).status).toBe('awaiting-review');
  });

  it('rejects a PGP upload it cannot decrypt', async () => {
    const other = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'x' }], format: 'armored' });
    const mine = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'acme' }], format: 'armored' });
    directory.add({ code: 'acme', publicKeys: [], eu: false, pgp: { privateKeyArmored: mine.privateKey, passphrase: () => Promise.resolve('') } });
    const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'h\n1\n' }), encryptionKeys: await openpgp.readKey({ armoredKey: other.publicKey }) });
    assembler = make(50);
    assembler.add(await file(`${name('full', 1)}.gpg`, encrypted as string));
    const r = await eventually(() => receipt(`${name('full', 1)}.gpg`).catch(() => undefined), 5000, 'receipt');
    expect(r.report.issues.map((i) => i.code)).toEqual(['PGP_DECRYPT_FAILED']);
    expect(intake.deliveries).toHaveLength(0);
  });
});

function manifest(windowSeconds: number, files: Record<string, unknown>[]): string {
  return JSON.stringify({ meta: { version: '1.0' }, transfer: { validity_window: windowSeconds }, files });
}
