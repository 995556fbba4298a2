/**
 * Where the SFTP server keeps things under DATA_DIR/sftp:
 *   host_key                              the server's key
 *   homes/<utility>/{shared_files,Uploads,receipts}   what a utility sees
 *   staging/<utility>/<id>                uploads being written (never visible, deleted when interrupted)
 *   received/<utility>/<id>/<name>        complete files handed over (the workflow copies them); a
 *                                         `.pending.json` beside a file marks it not yet handed over
 *   aliases/<utility>/<name>              the uploaded name of a decrypted file, for its receipt
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SftpArea } from './ports.js';

export const AREAS: readonly SftpArea[] = ['shared_files', 'Uploads'];
export const RECEIPTS = 'receipts';
/** Beside a received file until its delivery is handed over or answered: what a restart picks up again. */
export const PENDING_MARKER = '.pending.json';
/** Top-level folders of a home, in listing order. */
export const HOME_FOLDERS: readonly string[] = ['shared_files', 'Uploads', RECEIPTS];

/** Login names become folder names, so they must be plain: lowercase letters, digits, `-` and `_`. */
export const UTILITY_CODE_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class SftpLayout {
  readonly root: string;
  constructor(dataDir: string) {
    this.root = join(dataDir, 'sftp');
  }
  home(utility: string): string { return join(this.root, 'homes', checked(utility)); }
  area(utility: string, area: string): string { return join(this.home(utility), area); }
  receipts(utility: string): string { return join(this.home(utility), RECEIPTS); }
  staging(utility: string): string { return join(this.root, 'staging', checked(utility)); }
  stagingRoot(): string { return join(this.root, 'staging'); }
  received(utility: string): string { return join(this.root, 'received', checked(utility)); }
  aliases(utility: string): string { return join(this.root, 'aliases', checked(utility)); }

  /** Creates a utility's home folders (idempotent). */
  async ensureHome(utility: string): Promise<void> {
    for (const f of HOME_FOLDERS) await mkdir(join(this.home(utility), f), { recursive: true, mode: 0o750 });
    await mkdir(this.staging(utility), { recursive: true, mode: 0o700 });
    await mkdir(this.received(utility), { recursive: true, mode: 0o700 });
  }
}

function checked(utility: string): string {
  if (!UTILITY_CODE_RE.test(utility)) throw Object.assign(new Error(`not a utility code: ${JSON.stringify(utility)}`), { code: 'SFTP_BAD_UTILITY' });
  return utility;
}
