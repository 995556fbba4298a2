/**
 * Turns complete uploads into deliveries: groups the files of one delivery (same utility token and stamp, or
 * the files a manifest lists), waits until the group is complete or has settled, checks it against its
 * manifest, decrypts PGP files, and hands groups to the intake one at a time, in stamp order per utility.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { findStandard } from '../spec/registry.js';
import { PENDING_MARKER } from './layout.js';
import { checkRows, checkSent, ManifestError, parseManifest, type Manifest } from './manifest.js';
import { decryptedName, deliveryKeyOf, isManifestName } from './names.js';
import { decryptFile } from './pgp.js';
import type { AuditSink, Clock, SftpArea, SftpDeliveryFile, SftpIntake, UtilityDirectory } from './ports.js';
import type { FileReceiptWriter } from './receipts.js';
import { transferReport, type TransferProblem } from './transfer-report.js';

/** A file whose upload completed under its final name. */
export interface CompletedFile {
  readonly utility: string;
  readonly area: SftpArea;
  readonly name: string;
  /** The server's own copy (under received/), which no client can change. */
  readonly path: string;
  readonly bytes: number;
}

export interface AssemblerOptions {
  readonly directory: UtilityDirectory;
  readonly intake: SftpIntake;
  readonly receipts: FileReceiptWriter;
  readonly audit: AuditSink;
  readonly clock: Clock;
  /** How long a group waits after its last file before it is handed over (unless known complete). */
  readonly settleMs: number;
  /** Called with errors that have no client to go to (logged by the server). */
  readonly onError: (err: unknown) => void;
}

interface Group {
  /** Unique among the utility's groups. */
  readonly key: string;
  /** Area, utility token, standard and stamp: files with the same base key belong together. */
  readonly baseKey: string;
  readonly utility: string;
  readonly area: SftpArea;
  readonly stamp: string | undefined;
  /** The feed's standard, from the file names; order is kept per feed. */
  readonly standard: string | undefined;
  readonly files: Map<string, CompletedFile>;
  readonly manifest?: { readonly name: string; readonly file: CompletedFile; readonly manifest: Manifest };
  timer?: NodeJS.Timeout;
  ready: boolean;
  /** A manifest group whose window closed before every listed file arrived. */
  expired: boolean;
}

const MAX_MANIFEST_BYTES = 1 << 20;

export class DeliveryAssembler {
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly pumping = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly o: AssemblerOptions) {}

  /** Takes one complete upload; returns at once (the work goes on in the background). */
  add(file: CompletedFile): void {
    if (this.closed) return;
    const task = isManifestName(file.name) ? this.addManifest(file) : Promise.resolve(this.addDataFile(file));
    task.catch(this.o.onError);
  }

  /** Stops timers and waits for hand-overs in progress. Groups not yet handed over are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    for (const byKey of this.groups.values()) for (const g of byKey.values()) if (g.timer) clearTimeout(g.timer);
    this.groups.clear();
    await Promise.allSettled([...this.pumping.values()]);
  }

  private groupsOf(utility: string): Map<string, Group> {
    let m = this.groups.get(utility);
    if (!m) { m = new Map(); this.groups.set(utility, m); }
    return m;
  }

  private addDataFile(file: CompletedFile): void {
    const groups = this.groupsOf(file.utility);
    const byManifest = [...groups.values()].find((g) => !g.ready && g.manifest?.manifest.files.some((f) => f.name === file.name));
    if (byManifest) {
      byManifest.files.set(file.name, file);
      if (byManifest.manifest?.manifest.files.every((f) => byManifest.files.has(f.name))) this.markReady(byManifest);
      return;
    }
    const dk = deliveryKeyOf(file.name);
    const key = `${file.area}|${dk.key}`;
    // A group already ready (being handed over) takes no late files: they form the next delivery together.
    let group = [...groups.values()].find((g) => g.baseKey === key && !g.ready);
    if (!group) {
      group = { key: groups.has(key) ? `${key}|${this.o.clock.now().getTime()}|${file.name}` : key, baseKey: key, utility: file.utility, area: file.area, stamp: dk.stamp, standard: dk.standard, files: new Map(), ready: false, expired: false };
      groups.set(group.key, group);
    }
    group.files.set(file.name, file);
    if (this.layoutComplete(group)) this.markReady(group);
    else this.settleLater(group);
  }

  private async addManifest(file: CompletedFile): Promise<void> {
    let manifest: Manifest;
    try {
      const buf = await readFile(file.path);
      if (buf.length > MAX_MANIFEST_BYTES) throw new ManifestError(`the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`);
      manifest = parseManifest(buf.toString('utf8'));
    } catch (err) {
      if (!(err instanceof ManifestError)) throw err;
      await this.reject(file.utility, [{ name: file.name, bytes: file.bytes }], [{ code: 'MANIFEST_INVALID', file: file.name, received: err.message }], { manifest: file.name });
      await answered([file]);
      return;
    }
    const groups = this.groupsOf(file.utility);
    const listed = new Set(manifest.files.map((f) => f.name));
    const first = deliveryKeyOf(manifest.files[0]?.name ?? file.name);
    const group: Group = {
      key: `manifest|${file.area}|${file.name}|${this.o.clock.now().getTime()}`,
      baseKey: `manifest|${file.area}|${file.name}`,
      utility: file.utility, area: file.area, stamp: first.stamp, standard: first.standard,
      files: new Map(), manifest: { name: file.name, file, manifest }, ready: false, expired: false,
    };
    // Files that came just before their manifest (still settling) join it.
    for (const [k, g] of groups) {
      if (g.ready || g.manifest) continue;
      for (const [name, f] of g.files) if (listed.has(name)) { group.files.set(name, f); g.files.delete(name); }
      if (g.files.size === 0) { if (g.timer) clearTimeout(g.timer); groups.delete(k); }
    }
    groups.set(group.key, group);
    if (manifest.files.every((f) => group.files.has(f.name))) { this.markReady(group); return; }
    group.timer = setTimeout(() => { group.expired = true; this.markReady(group); }, manifest.validityWindowSeconds * 1000);
  }

  /** A multi-file layout (legacy billing's customer + usage) is known complete without waiting. */
  private layoutComplete(group: Group): boolean {
    const keys = [...group.files.keys()].map((n) => deliveryKeyOf(n));
    const standardId = keys[0]?.standard;
    if (!standardId || keys.some((k) => k.standard !== standardId || !k.fileType)) return false;
    const types = new Set(keys.map((k) => k.fileType));
    const standard = findStandard(standardId);
    return !!standard?.layouts.some((l) => l.fileTypes.length > 1 && l.fileTypes.length === types.size && l.fileTypes.every((t) => types.has(t)));
  }

  private settleLater(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    group.timer = setTimeout(() => this.markReady(group), this.o.settleMs);
  }

  private markReady(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    delete group.timer;
    group.ready = true;
    this.pump(group.utility);
  }

  /**
   * Hands ready groups over one at a time; a ready group waits while an earlier-stamped group of the same feed
   * (utility and standard) is still incomplete.
   */
  private pump(utility: string): void {
    if (this.pumping.has(utility) || this.closed) return;
    const run = (async () => {
      for (;;) {
        const next = this.nextReady(utility);
        if (!next) break;
        this.groupsOf(utility).delete(next.key);
        try {
          await this.handOver(next);
        } catch (err) {
          this.o.onError(err);
          await this.failed(next, err).catch(this.o.onError);
        }
        await answered([...next.files.values(), ...(next.manifest ? [next.manifest.file] : [])]).catch(this.o.onError);
      }
    })().finally(() => {
      this.pumping.delete(utility);
      // A group may have become ready while the last hand-over finished.
      if (this.nextReady(utility)) this.pump(utility);
    });
    this.pumping.set(utility, run);
  }

  private nextReady(utility: string): Group | undefined {
    if (this.closed) return undefined;
    const groups = [...this.groupsOf(utility).values()];
    const ready = groups.filter((g) => g.ready).sort(byStamp);
    for (const g of ready) {
      if (g.stamp === undefined) return g;
      const blocked = groups.some((o) => !o.ready && o.standard === g.standard && o.stamp !== undefined && o.stamp < g.stamp!);
      if (!blocked) return g;
    }
    return undefined;
  }

  private async handOver(group: Group): Promise<void> {
    const problems: TransferProblem[] = [];
    const manifest = group.manifest?.manifest;
    const entries = new Map((manifest?.files ?? []).map((f) => [f.name, f]));
    const files = [...group.files.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (manifest) {
      for (const f of manifest.files) {
        if (!group.files.has(f.name)) problems.push({ code: 'MANIFEST_FILE_MISSING', file: f.name, received: f.name });
      }
      for (const f of files) {
        const entry = entries.get(f.name);
        if (entry) problems.push(...await checkSent(entry, f.path));
      }
    }
    const utility = await this.o.directory.findUtility(group.utility);
    const handed: SftpDeliveryFile[] = [];
    for (const f of files) {
      const plain = decryptedName(f.name);
      if (plain === undefined) { handed.push({ name: f.name, path: f.path }); continue; }
      const out = join(dirname(f.path), plain);
      try {
        if (!utility) throw new Error('the utility is no longer registered');
        await decryptFile(utility, f.path, out);
        await this.o.receipts.recordAlias(group.utility, plain, f.name);
        handed.push({ name: plain, path: out, uploadedName: f.name });
      } catch (err) {
        problems.push({ code: 'PGP_DECRYPT_FAILED', file: f.name, received: (err as Error).message });
      }
    }
    for (const h of handed) {
      const entry = entries.get(h.uploadedName ?? h.name);
      if (entry) problems.push(...await checkRows(entry, h.path));
    }
    const reportFiles = files.map((f) => ({ name: f.name, bytes: f.bytes }));
    if (problems.length > 0) {
      await this.reject(group.utility, reportFiles, problems, { ...(group.manifest ? { manifest: group.manifest.name } : {}) });
      return;
    }
    const { deliveryId } = await this.o.intake.receiveDelivery({ utility: group.utility, area: group.area, files: handed });
    await this.o.audit.record({
      utility: group.utility, actor: 'system', action: 'sftp.delivery',
      detail: { deliveryId, area: group.area, files: handed.map((h) => h.uploadedName ?? h.name), ...(group.manifest ? { manifest: group.manifest.name } : {}) },
    });
  }

  /** The hand-over itself broke (e.g. the store was down): the sender is told, so it can send again. */
  private async failed(group: Group, err: unknown): Promise<void> {
    const files = [...group.files.values()].map((f) => ({ name: f.name, bytes: f.bytes }));
    const report = { ...transferReport(files, [], this.o.clock.now()), truncated: [`The files could not be taken for validation: ${(err as Error).message ?? String(err)}. Send them again.`] };
    for (const f of files) await this.o.receipts.writeReceipt(group.utility, f.name, { file: f.name, status: 'failed', report });
  }

  /** Rejects files before validation: a receipt for each file (and the manifest), and an audit entry. */
  private async reject(utility: string, files: readonly { name: string; bytes: number }[], problems: readonly TransferProblem[], extra: { manifest?: string }): Promise<void> {
    const report = transferReport(files, problems, this.o.clock.now());
    const names = new Set(files.map((f) => f.name));
    if (extra.manifest) names.add(extra.manifest);
    for (const name of names) await this.o.receipts.writeReceipt(utility, name, { file: name, status: 'rejected', report });
    await this.o.audit.record({
      utility, actor: 'system', action: 'sftp.delivery-rejected',
      detail: { files: [...names], codes: [...new Set(problems.map((p) => p.code))] },
    });
  }
}

/** The files' deliveries were handed over or answered with a receipt: a restart need not take them again. */
async function answered(files: readonly CompletedFile[]): Promise<void> {
  for (const f of files) await rm(join(dirname(f.path), PENDING_MARKER), { force: true });
}

function byStamp(a: Group, b: Group): number {
  return (a.stamp ?? '').localeCompare(b.stamp ?? '');
}
