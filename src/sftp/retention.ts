/**
 * Retention of raw files: what utilities sent (their areas and the server's received copies) is deleted after
 * 60 days, 30 for EU utilities. Receipts and everything loaded into the store are not touched.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AREAS, SftpLayout } from './layout.js';
import type { UtilityDirectory } from './ports.js';

import { rawRetentionDays } from '../spec/profile.js';

export const RETENTION_DAYS = rawRetentionDays({ eu: false });
export const RETENTION_DAYS_EU = rawRetentionDays({ eu: true });
const DAY_MS = 86_400_000;

export interface RetentionResult {
  readonly deleted: readonly { readonly utility: string; readonly path: string }[];
}

/** Deletes raw files older than the utility's retention period, judged by their time of arrival (mtime). */
export async function runRetention(dataDir: string, directory: UtilityDirectory, now: Date): Promise<RetentionResult> {
  const layout = new SftpLayout(dataDir);
  const deleted: { utility: string; path: string }[] = [];
  for (const utility of await directory.listUtilities()) {
    const days = utility.eu ? RETENTION_DAYS_EU : RETENTION_DAYS;
    const cutoff = now.getTime() - days * DAY_MS;
    let home: string;
    try { home = layout.home(utility.code); } catch { continue; }
    for (const area of AREAS) {
      const dir = join(home, area);
      for (const name of await list(dir)) {
        const path = join(dir, name);
        const st = await lstat(path).catch(() => undefined);
        if (st && !st.isDirectory() && st.mtimeMs < cutoff) { await rm(path, { force: true }); deleted.push({ utility: utility.code, path }); }
      }
    }
    // received/<utility>/<arrival>/<files>: a folder goes once all its files are past retention.
    const received = layout.received(utility.code);
    for (const batch of await list(received)) {
      const dir = join(received, batch);
      const files = await list(dir);
      let kept = 0;
      for (const name of files) {
        const path = join(dir, name);
        const st = await lstat(path).catch(() => undefined);
        if (st && st.mtimeMs < cutoff) { await rm(path, { force: true, recursive: true }); deleted.push({ utility: utility.code, path }); } else kept++;
      }
      if (kept === 0) await rm(dir, { force: true, recursive: true });
    }
  }
  return { deleted };
}

async function list(dir: string): Promise<string[]> {
  try { return await readdir(dir); } catch { return []; }
}
