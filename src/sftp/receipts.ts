/** Receipts: `receipts/<file name>.receipt.json` in the utility's home, replaced atomically on every change. */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SftpLayout } from './layout.js';
import { isAcceptableFileName } from './names.js';
import type { Receipt, ReceiptWriter } from './ports.js';

export const RECEIPT_SUFFIX = '.receipt.json';

/** Writes receipts; a decrypted file's receipt goes under the name it was uploaded as (`x.gz.pgp`). */
export class FileReceiptWriter implements ReceiptWriter {
  constructor(private readonly layout: SftpLayout) {}

  async writeReceipt(utility: string, fileName: string, receipt: Receipt): Promise<void> {
    const shownName = (await this.uploadedNameOf(utility, fileName)) ?? fileName;
    if (!isAcceptableFileName(`${shownName}${RECEIPT_SUFFIX}`)) {
      throw Object.assign(new Error(`not a file name for a receipt: ${JSON.stringify(fileName)}`), { code: 'SFTP_BAD_RECEIPT_NAME' });
    }
    const body = { ...receipt, file: shownName, updatedAt: new Date().toISOString() };
    const dir = this.layout.receipts(utility);
    const tmpDir = this.layout.staging(utility);
    await mkdir(dir, { recursive: true });
    await mkdir(tmpDir, { recursive: true });
    // The temporary file lives outside the home (same file system), so a client listing receipts never sees it.
    const tmp = join(tmpDir, `receipt-${randomUUID()}.tmp`);
    try {
      await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o640 });
      await rename(tmp, join(dir, `${shownName}${RECEIPT_SUFFIX}`));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Remembers that `name` (what validation saw) was uploaded as `uploadedName`. */
  async recordAlias(utility: string, name: string, uploadedName: string): Promise<void> {
    const dir = this.layout.aliases(utility);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), uploadedName);
  }

  private async uploadedNameOf(utility: string, name: string): Promise<string | undefined> {
    if (!isAcceptableFileName(name)) return undefined;
    try {
      return (await readFile(join(this.layout.aliases(utility), name), 'utf8')) || undefined;
    } catch {
      return undefined;
    }
  }
}
