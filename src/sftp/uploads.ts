/**
 * The life of an upload: bytes go to a staging file outside the home; on close under a final name the file
 * appears in the area and a server-owned copy (a hard link) goes to the assembler. A client temporary name
 * (`*.part`, or a hidden name) stays in the area until renamed; an upload cut off before its close, or a
 * temporary file never renamed, is deleted and never processed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, constants as fsc } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryAssembler } from './deliveries.js';
import { AREAS, PENDING_MARKER, type SftpLayout } from './layout.js';
import { isTempName } from './names.js';
import type { AuditSink, Clock, SftpArea } from './ports.js';

export interface Upload {
  readonly id: string;
  readonly utility: string;
  readonly area: SftpArea;
  readonly name: string;
  readonly stagingPath: string;
  readonly file: FileHandle;
  /** Bytes written beyond the highest offset so far (the file's size once complete). */
  size: number;
  /** Writes sent to the disk and not yet answered. */
  inflight: number;
  /** The first write error; a failed upload is discarded at its close. */
  failed?: Error;
  onDrain?: () => void;
}

export interface UploadManagerOptions {
  readonly layout: SftpLayout;
  readonly assembler: DeliveryAssembler;
  readonly audit: AuditSink;
  readonly clock: Clock;
  /** A temporary-named file not renamed within this time is deleted. */
  readonly tempTimeoutMs: number;
}

export class UploadManager {
  constructor(private readonly o: UploadManagerOptions) {}

  /** Deletes staging files left by a previous run: those uploads were interrupted by definition. */
  async cleanStaging(): Promise<void> {
    const root = this.o.layout.stagingRoot();
    let utilities: string[];
    try { utilities = await readdir(root); } catch { return; }
    for (const u of utilities) {
      const dir = join(root, u);
      for (const f of await readdir(dir).catch(() => [] as string[])) await rm(join(dir, f), { force: true, recursive: true });
    }
  }

  /**
   * Opens a staging file for `area/name`. When `keepExisting` (a resume: no TRUNC flag) and the file already
   * exists in the area, the staging file starts as a copy of it.
   */
  async begin(utility: string, area: SftpArea, name: string, keepExisting: boolean): Promise<Upload> {
    const id = randomUUID();
    const stagingDir = this.o.layout.staging(utility);
    await mkdir(stagingDir, { recursive: true });
    const stagingPath = join(stagingDir, id);
    const visible = join(this.o.layout.area(utility, area), name);
    let size = 0;
    if (keepExisting) {
      const st = await lstat(visible).catch(() => undefined);
      if (st?.isFile()) {
        // A parked temporary file is still incomplete: move it back into staging; a complete one stays.
        if (isTempName(name)) await rename(visible, stagingPath);
        else await copyFile(visible, stagingPath);
        size = st.size;
      }
    }
    const file = await open(stagingPath, fsc.O_RDWR | fsc.O_CREAT | fsc.O_NOFOLLOW | (size === 0 ? fsc.O_TRUNC : 0), 0o640);
    return { id, utility, area, name, stagingPath, file, size, inflight: 0 };
  }

  /** Waits for the upload's writes to finish. */
  drained(upload: Upload): Promise<void> {
    if (upload.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => { upload.onDrain = resolve; });
  }

  /** The client closed the handle: the upload is complete under its name (or parked, for a temporary name). */
  async finish(upload: Upload, actor: string): Promise<void> {
    await this.drained(upload);
    await upload.file.close();
    if (upload.failed) {
      await rm(upload.stagingPath, { force: true });
      await this.o.audit.record({ utility: upload.utility, actor, action: 'sftp.upload-interrupted', detail: { area: upload.area, name: upload.name, reason: upload.failed.message } });
      throw upload.failed;
    }
    const visible = join(this.o.layout.area(upload.utility, upload.area), upload.name);
    await rename(upload.stagingPath, visible);
    if (isTempName(upload.name)) return;
    await this.complete(upload.utility, upload.area, upload.name, actor);
  }

  /** The connection ended with the handle open: the bytes so far are thrown away. */
  async abort(upload: Upload, actor: string, reason: string): Promise<void> {
    await this.drained(upload);
    await upload.file.close().catch(() => undefined);
    await rm(upload.stagingPath, { force: true });
    await this.o.audit.record({ utility: upload.utility, actor, action: 'sftp.upload-interrupted', detail: { area: upload.area, name: upload.name, bytes: upload.size, reason } });
  }

  /**
   * A rename inside the home. To a final name, the file is taken under that name: from a temporary name this
   * completes the upload; from another final name it is what a client with its own temporary naming does
   * (`x.gz.upload` → `x.gz`), and the sender means the new name.
   */
  async rename(utility: string, from: { area: SftpArea; name: string }, to: { area: SftpArea; name: string }, actor: string): Promise<void> {
    const src = join(this.o.layout.area(utility, from.area), from.name);
    const dst = join(this.o.layout.area(utility, to.area), to.name);
    await rename(src, dst);
    const moved = from.name !== to.name || from.area !== to.area;
    if (moved && !isTempName(to.name)) await this.complete(utility, to.area, to.name, actor);
  }

  /** Keeps a server-owned copy of `area/name` and hands it to the assembler. */
  private async complete(utility: string, area: SftpArea, name: string, actor: string): Promise<void> {
    const visible = join(this.o.layout.area(utility, area), name);
    const dir = join(this.o.layout.received(utility), `${compactStamp(this.o.clock.now())}-${randomUUID().slice(0, 8)}`);
    await mkdir(dir, { recursive: true });
    const kept = join(dir, name);
    // A hard link costs nothing and survives the client replacing or deleting its visible file.
    await link(visible, kept).catch(() => copyFile(visible, kept));
    const bytes = (await stat(kept)).size;
    await writeFile(join(dir, PENDING_MARKER), JSON.stringify({ area, name, bytes }));
    await this.o.audit.record({ utility, actor, action: 'sftp.upload', detail: { area, name, bytes } });
    this.o.assembler.add({ utility, area, name, path: kept, bytes });
  }

  /**
   * Files complete before a restart but never handed over (the server stopped while they settled or while the
   * workflow took them): handed to the assembler again, oldest first. The workflow takes a delivery twice
   * without harm, so a file handed over just before the stop is no danger.
   */
  async recoverPending(): Promise<number> {
    const root = join(this.o.layout.root, 'received');
    let count = 0;
    for (const utility of await readdir(root).catch(() => [] as string[])) {
      for (const batch of (await readdir(join(root, utility)).catch(() => [] as string[])).sort()) {
        const dir = join(root, utility, batch);
        const marker = await readFile(join(dir, PENDING_MARKER), 'utf8').catch(() => undefined);
        if (marker === undefined) continue;
        const { area, name, bytes } = JSON.parse(marker) as { area: SftpArea; name: string; bytes: number };
        if (!AREAS.includes(area) || !existsSync(join(dir, name))) { await rm(join(dir, PENDING_MARKER), { force: true }); continue; }
        this.o.assembler.add({ utility, area, name, path: join(dir, name), bytes });
        count++;
      }
    }
    return count;
  }

  /** Deletes temporary-named files not renamed within the timeout. */
  async sweepAbandoned(): Promise<void> {
    const homes = join(this.o.layout.root, 'homes');
    const cutoff = this.o.clock.now().getTime() - this.o.tempTimeoutMs;
    for (const utility of await readdir(homes).catch(() => [] as string[])) {
      for (const area of AREAS) {
        const dir = join(homes, utility, area);
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          if (!isTempName(name)) continue;
          const st = await lstat(join(dir, name)).catch(() => undefined);
          if (!st?.isFile() || st.mtimeMs > cutoff) continue;
          await rm(join(dir, name), { force: true });
          await this.o.audit.record({ utility, actor: 'system', action: 'sftp.upload-abandoned', detail: { area, name, bytes: st.size } });
        }
      }
    }
  }
}

/** yyyyMMddHHmmss in UTC, for folder names that sort by time. */
export function compactStamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
