/**
 * One utility's SFTP session: answers the protocol's requests against its home only. Paths go through
 * virtual-path.ts; files are opened without following symlinks and a symlink anywhere in a home is refused.
 */
import { constants as fsc, fstat, read, write } from 'node:fs';
import { lstat, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attributes, SFTPWrapper } from 'ssh2';
import ssh2 from 'ssh2';
import { HOME_FOLDERS, type SftpLayout } from './layout.js';
import type { AuditSink } from './ports.js';
import type { Upload, UploadManager } from './uploads.js';
import { climbsOut, isReceiptsFolder, isWritableFolder, normalizeClientPath, resolveVirtual, type VirtualPath } from './virtual-path.js';

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;

type Handle =
  | { readonly type: 'read'; readonly file: FileHandle; readonly fd: number }
  | { readonly type: 'write'; readonly upload: Upload; readonly fd: number }
  | { readonly type: 'dir'; entries: { filename: string; longname: string; attrs: Attributes }[] | undefined };

/** Bounds a session's open files, so one client cannot exhaust the server's descriptors. */
const MAX_HANDLES = 64;
/** Largest READ answered; clients ask for 32–256 KiB. */
const MAX_READ = 256 * 1024;

class Refused extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export interface SessionOptions {
  readonly utility: string;
  /** `sftp:<login>@<address>`, for the audit log. */
  readonly actor: string;
  readonly layout: SftpLayout;
  readonly uploads: UploadManager;
  readonly audit: AuditSink;
  readonly onError: (err: unknown) => void;
  /** Settles once the home's folders exist; requests wait for it. */
  readonly ready: Promise<void>;
}

export class SftpSession {
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;
  private ended = false;

  constructor(private readonly sftp: SFTPWrapper, private readonly o: SessionOptions) {}

  attach(): void {
    const s = this.sftp;
    s.on('OPEN', (id, path, flags) => this.run(id, () => this.open(id, path, flags)));
    s.on('WRITE', (id, h, offset, data) => this.write(id, h, offset, data));
    s.on('READ', (id, h, offset, len) => this.read(id, h, offset, len));
    s.on('CLOSE', (id, h) => this.run(id, () => this.close(id, h)));
    s.on('FSTAT', (id, h) => this.run(id, () => this.fstat(id, h)));
    s.on('FSETSTAT', (id, h) => this.run(id, () => { this.handle(h); s.status(id, STATUS_CODE.OK); }));
    s.on('STAT', (id, path) => this.run(id, () => this.stat(id, path)));
    s.on('LSTAT', (id, path) => this.run(id, () => this.stat(id, path)));
    s.on('SETSTAT', (id, path) => this.run(id, () => this.setstat(id, path)));
    s.on('OPENDIR', (id, path) => this.run(id, () => this.opendir(id, path)));
    s.on('READDIR', (id, h) => this.run(id, () => this.readdir(id, h)));
    s.on('REALPATH', (id, path) => this.run(id, () => { const p = normalizeClientPath(path); s.name(id, [{ filename: p, longname: p, attrs: {} as Attributes }]); }));
    s.on('REMOVE', (id, path) => this.run(id, () => this.remove(id, path)));
    s.on('RENAME', (id, from, to) => this.run(id, () => this.rename(id, from, to)));
    s.on('MKDIR', (id, path) => this.run(id, () => this.deny('mkdir', path, 'folders cannot be created')));
    s.on('RMDIR', (id, path) => this.run(id, () => this.deny('rmdir', path, 'folders cannot be removed')));
    s.on('SYMLINK', (id, target, link) => this.run(id, () => this.deny('symlink', `${link} -> ${target}`, 'symbolic links cannot be created')));
    s.on('READLINK', (id) => s.status(id, STATUS_CODE.NO_SUCH_FILE));
    s.on('EXTENDED', (id) => s.status(id, STATUS_CODE.OP_UNSUPPORTED));
  }

  /** The connection is gone: open uploads are discarded, read handles closed. */
  async end(reason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const open = [...this.handles.values()];
    this.handles.clear();
    for (const h of open) {
      if (h.type === 'write') await this.o.uploads.abort(h.upload, this.o.actor, reason);
      else if (h.type === 'read') await h.file.close().catch(() => undefined);
    }
  }

  /** Runs a request; a Refused becomes its status, anything else a FAILURE (and a log line). */
  private run(id: number, op: () => Promise<void> | void): void {
    const answer = (err: unknown): void => {
      if (this.ended) return;
      if (err instanceof Refused) { this.sftp.status(id, err.status, err.message); return; }
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') { this.sftp.status(id, STATUS_CODE.NO_SUCH_FILE, 'No such file'); return; }
      this.o.onError(err);
      this.sftp.status(id, STATUS_CODE.FAILURE, 'Failure');
    };
    this.o.ready.then(op).catch(answer);
  }

  private async open(id: number, rawPath: string, flags: number): Promise<void> {
    const v = await this.resolve(rawPath, 'open');
    const writing = (flags & OPEN_MODE.WRITE) !== 0 || (flags & OPEN_MODE.APPEND) !== 0;
    if (this.handles.size >= MAX_HANDLES) throw new Refused(STATUS_CODE.FAILURE, 'Too many open files');
    if (writing) {
      if (v.kind !== 'file' || !isWritableFolder(v.folder)) return this.deny('write', rawPath, 'files can be written only in shared_files/ and Uploads/');
      const existing = await this.lstatReal(v);
      if ((flags & OPEN_MODE.EXCL) !== 0 && existing) throw new Refused(STATUS_CODE.FAILURE, 'File exists');
      if ((flags & OPEN_MODE.CREAT) === 0 && !existing) throw new Refused(STATUS_CODE.NO_SUCH_FILE, 'No such file');
      const keep = (flags & OPEN_MODE.TRUNC) === 0 && existing !== undefined;
      const upload = await this.o.uploads.begin(this.o.utility, v.folder, v.name, keep);
      if (this.ended) { await this.o.uploads.abort(upload, this.o.actor, 'connection closed'); return; }
      this.sftp.handle(id, this.addHandle({ type: 'write', upload, fd: upload.file.fd }));
      return;
    }
    if (v.kind !== 'file') throw new Refused(v.kind === 'none' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE, v.kind === 'none' ? 'No such file' : 'Is a folder');
    const st = await this.lstatReal(v);
    if (!st) throw new Refused(STATUS_CODE.NO_SUCH_FILE, 'No such file');
    const file = await open(this.realPath(v), fsc.O_RDONLY | fsc.O_NOFOLLOW);
    if (this.ended) { await file.close(); return; }
    this.sftp.handle(id, this.addHandle({ type: 'read', file, fd: file.fd }));
  }

  /** The hot path of an upload: one positional write on the upload's open descriptor, no per-request open. */
  private write(id: number, raw: Buffer, offset: number, data: Buffer): void {
    const h = this.handles.get(handleKey(raw));
    if (!h || h.type !== 'write') { this.sftp.status(id, STATUS_CODE.FAILURE, 'Bad handle'); return; }
    const up = h.upload;
    up.inflight++;
    write(h.fd, data, 0, data.length, offset, (err) => {
      up.inflight--;
      if (err) up.failed ??= err;
      else if (offset + data.length > up.size) up.size = offset + data.length;
      if (!this.ended) this.sftp.status(id, err ? STATUS_CODE.FAILURE : STATUS_CODE.OK);
      if (up.inflight === 0 && up.onDrain) { const d = up.onDrain; delete up.onDrain; d(); }
    });
  }

  private read(id: number, raw: Buffer, offset: number, len: number): void {
    const h = this.handles.get(handleKey(raw));
    if (!h || h.type === 'dir') { this.sftp.status(id, STATUS_CODE.FAILURE, 'Bad handle'); return; }
    const buf = Buffer.allocUnsafe(Math.min(len, MAX_READ));
    read(h.fd, buf, 0, buf.length, offset, (err, n) => {
      if (this.ended) return;
      if (err) this.sftp.status(id, STATUS_CODE.FAILURE, 'Read failed');
      else if (n === 0) this.sftp.status(id, STATUS_CODE.EOF);
      else this.sftp.data(id, buf.subarray(0, n));
    });
  }

  private async close(id: number, raw: Buffer): Promise<void> {
    const key = handleKey(raw);
    const h = this.handles.get(key);
    if (!h) throw new Refused(STATUS_CODE.FAILURE, 'Bad handle');
    this.handles.delete(key);
    if (h.type === 'read') await h.file.close();
    if (h.type === 'write') await this.o.uploads.finish(h.upload, this.o.actor);
    if (!this.ended) this.sftp.status(id, STATUS_CODE.OK);
  }

  private fstat(id: number, raw: Buffer): void {
    const h = this.handle(raw);
    if (h.type === 'dir') throw new Refused(STATUS_CODE.FAILURE, 'Is a folder');
    fstat(h.fd, (err, st) => {
      if (this.ended) return;
      if (err) this.sftp.status(id, STATUS_CODE.FAILURE);
      else this.sftp.attrs(id, { mode: fsc.S_IFREG | 0o640, uid: 0, gid: 0, size: st.size, atime: secs(st.atimeMs), mtime: secs(st.mtimeMs) });
    });
  }

  private async stat(id: number, rawPath: string): Promise<void> {
    const v = await this.resolve(rawPath, 'stat');
    this.sftp.attrs(id, (await this.entryOf(v)).attrs);
  }

  /** Times and modes are the server's to keep (retention reads them), so SETSTAT is accepted and ignored. */
  private async setstat(id: number, rawPath: string): Promise<void> {
    const v = await this.resolve(rawPath, 'setstat');
    if (v.kind === 'file' && isReceiptsFolder(v.folder)) return this.deny('setstat', rawPath, 'receipts are read-only');
    await this.entryOf(v);
    this.sftp.status(id, STATUS_CODE.OK);
  }

  private async opendir(id: number, rawPath: string): Promise<void> {
    const v = await this.resolve(rawPath, 'opendir');
    let entries: { filename: string; longname: string; attrs: Attributes }[];
    if (v.kind === 'root') {
      entries = await Promise.all(HOME_FOLDERS.map((f) => this.entryOf({ kind: 'folder', path: `/${f}`, folder: f })));
    } else if (v.kind === 'folder') {
      await this.checkFolder(v.folder);
      const real = join(this.o.layout.home(this.o.utility), v.folder);
      const names = (await readdir(real)).sort();
      entries = [];
      for (const name of names) {
        // Only plain files are shown; anything else on the server's disk (a planted symlink) is not the utility's.
        const st = await lstat(join(real, name)).catch(() => undefined);
        if (st?.isFile()) entries.push(entry(name, fsc.S_IFREG | (isReceiptsFolder(v.folder) ? 0o444 : 0o644), st.size, st.mtimeMs));
      }
    } else {
      throw new Refused(v.kind === 'none' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE, v.kind === 'none' ? 'No such folder' : 'Not a folder');
    }
    entries.unshift(dotEntry('.'), dotEntry('..'));
    if (this.handles.size >= MAX_HANDLES) throw new Refused(STATUS_CODE.FAILURE, 'Too many open files');
    this.sftp.handle(id, this.addHandle({ type: 'dir', entries }));
  }

  private readdir(id: number, raw: Buffer): void {
    const h = this.handle(raw);
    if (h.type !== 'dir') throw new Refused(STATUS_CODE.FAILURE, 'Not a folder');
    if (!h.entries || h.entries.length === 0) { this.sftp.status(id, STATUS_CODE.EOF); return; }
    this.sftp.name(id, h.entries.splice(0, 100));
  }

  private async remove(id: number, rawPath: string): Promise<void> {
    const v = await this.resolve(rawPath, 'remove');
    if (v.kind !== 'file' || !isWritableFolder(v.folder)) return this.deny('remove', rawPath, 'only files in shared_files/ and Uploads/ can be removed');
    if (!await this.lstatReal(v)) throw new Refused(STATUS_CODE.NO_SUCH_FILE, 'No such file');
    await rm(this.realPath(v));
    await this.o.audit.record({ utility: this.o.utility, actor: this.o.actor, action: 'sftp.remove', detail: { area: v.folder, name: v.name } });
    this.sftp.status(id, STATUS_CODE.OK);
  }

  private async rename(id: number, rawFrom: string, rawTo: string): Promise<void> {
    const from = await this.resolve(rawFrom, 'rename');
    const to = await this.resolve(rawTo, 'rename');
    if (from.kind !== 'file' || to.kind !== 'file' || !isWritableFolder(from.folder) || !isWritableFolder(to.folder)) {
      return this.deny('rename', `${rawFrom} -> ${rawTo}`, 'only files in shared_files/ and Uploads/ can be renamed');
    }
    if (!await this.lstatReal(from)) throw new Refused(STATUS_CODE.NO_SUCH_FILE, 'No such file');
    await this.checkFolder(to.folder);
    await this.o.uploads.rename(this.o.utility, { area: from.folder, name: from.name }, { area: to.folder, name: to.name }, this.o.actor);
    this.sftp.status(id, STATUS_CODE.OK);
  }

  /** Resolves a client path; climbing above the home is refused and audited. */
  private async resolve(rawPath: string, op: string): Promise<VirtualPath> {
    if (climbsOut(rawPath)) return this.deny(op, rawPath, 'paths outside the home are not reachable');
    return resolveVirtual(rawPath);
  }

  private async deny(op: string, path: string, why: string): Promise<never> {
    await this.o.audit.record({ utility: this.o.utility, actor: this.o.actor, action: 'sftp.denied', detail: { op, path, why } });
    throw new Refused(STATUS_CODE.PERMISSION_DENIED, `Permission denied: ${why}`);
  }

  /** A home folder must be a real folder, never a symlink planted on the server's disk. */
  private async checkFolder(folder: string): Promise<void> {
    const home = this.o.layout.home(this.o.utility);
    const [h, f] = await Promise.all([lstat(home), lstat(join(home, folder))]);
    if (!h.isDirectory() || !f.isDirectory()) await this.deny('follow', `/${folder}`, 'symbolic links are not followed');
  }

  /** lstat of a file in the home: undefined when absent; a symlink or anything but a file is refused. */
  private async lstatReal(v: Extract<VirtualPath, { kind: 'file' }>): Promise<import('node:fs').Stats | undefined> {
    await this.checkFolder(v.folder);
    const st = await lstat(this.realPath(v)).catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return undefined; throw err; });
    if (st && !st.isFile()) await this.deny('follow', v.path, st.isSymbolicLink() ? 'symbolic links are not followed' : 'not a file');
    return st;
  }

  private realPath(v: Extract<VirtualPath, { kind: 'file' }>): string {
    return join(this.o.layout.home(this.o.utility), v.folder, v.name);
  }

  private async entryOf(v: VirtualPath): Promise<{ filename: string; longname: string; attrs: Attributes }> {
    switch (v.kind) {
      case 'root':
        return entry('/', fsc.S_IFDIR | 0o555, 0, Date.now());
      case 'folder': {
        await this.checkFolder(v.folder);
        const st = await lstat(join(this.o.layout.home(this.o.utility), v.folder));
        return entry(v.folder, fsc.S_IFDIR | (isReceiptsFolder(v.folder) ? 0o555 : 0o755), 0, st.mtimeMs);
      }
      case 'file': {
        const st = await this.lstatReal(v);
        if (!st) throw new Refused(STATUS_CODE.NO_SUCH_FILE, 'No such file');
        return entry(v.name, fsc.S_IFREG | (isReceiptsFolder(v.folder) ? 0o444 : 0o644), st.size, st.mtimeMs);
      }
      case 'none':
        throw new Refused(STATUS_CODE.NO_SUCH_FILE, 'No such file');
    }
  }

  private addHandle(h: Handle): Buffer {
    const n = this.nextHandle++;
    this.handles.set(n, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(n);
    return buf;
  }

  private handle(raw: Buffer): Handle {
    const h = this.handles.get(handleKey(raw));
    if (!h) throw new Refused(STATUS_CODE.FAILURE, 'Bad handle');
    return h;
  }
}

function handleKey(raw: Buffer): number {
  return raw.length === 4 ? raw.readUInt32BE(0) : -1;
}

function secs(ms: number): number {
  return Math.floor(ms / 1000);
}

function dotEntry(name: string): { filename: string; longname: string; attrs: Attributes } {
  return entry(name, fsc.S_IFDIR | 0o755, 0, Date.now());
}

function entry(filename: string, mode: number, size: number, mtimeMs: number): { filename: string; longname: string; attrs: Attributes } {
  const t = secs(mtimeMs);
  return { filename, longname: longName(filename, mode, size, mtimeMs), attrs: { mode, uid: 0, gid: 0, size, atime: t, mtime: t } };
}

/** An `ls -l` line, which clients show for `ls -l`. */
function longName(name: string, mode: number, size: number, mtimeMs: number): string {
  const kind = (mode & fsc.S_IFMT) === fsc.S_IFDIR ? 'd' : '-';
  let perms = '';
  for (let i = 8; i >= 0; i--) perms += (mode & (1 << i)) ? 'rwx'[(8 - i) % 3] : '-';
  const d = new Date(mtimeMs);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const time = `${month} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${kind}${perms}    1 intake   intake   ${String(size).padStart(12)} ${time} ${name}`;
}
