/**
 * The workflow service: utilities, feeds and their phases, deliveries and their rounds, review and approval.
 * Every move goes through the transition tables (transitions.ts) and writes one audit entry in the same
 * transaction. Long work (validation, loading) runs in jobs; each step is idempotent and keyed by delivery id,
 * so a job retried after a crash finishes the delivery exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Report } from '../report/types.js';
import { parseFileName } from '../spec/file-name.js';
import { rawRetentionDays, resolveProfile, type ProfileError } from '../spec/profile.js';
import { STANDARDS, findStandard } from '../spec/registry.js';
import type { Db, Queryable } from '../store/db.js';
import { WorkflowError } from './errors.js';
import type { Clock, DeliveryContext, FileStore, JobQueue, Loader, SampleAccountReader, Validator } from './ports.js';
import { audit, deliveries, feeds, utilities } from './repository.js';
import { diffRounds, type RoundDiff } from './round-diff.js';
import { queueWebhook } from './webhooks.js';
import {
  deliveryMove, deliveryPhaseOf, eventOnApproval, eventOnLoad, feedMove, firstPhase, gate, loadsOnApproval, loadsWithoutReview,
  type DeliveryAction, type FeedEvent,
} from './transitions.js';
import { SYSTEM, actorName, type Actor, type AuditEntry, type Delivery, type DeliveryFile, type DeliveryPhase, type DeliverySource, type DeliveryStatus, type Feed, type FeedView, type Utility } from './types.js';

export interface WorkflowDeps {
  readonly db: Db;
  readonly files: FileStore;
  readonly validator: Validator;
  readonly loader: Loader;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly sampleAccounts: SampleAccountReader;
  /** Examples kept per issue in the server (more than the CLI's 20, so round diffs can name rows). */
  readonly maxExamples?: number;
}

export type StatusListener = (delivery: Delivery, report: Report | null) => void | Promise<void>;

export interface ReceiveInput {
  readonly utility: string;
  readonly source: DeliverySource;
  readonly files: readonly { readonly name: string; readonly path: string }[];
  readonly actor: Actor;
  /** For files whose names do not tell the standard. */
  readonly standard?: string;
  /** A phase the sender claims; refused by the gates when the feed is not there. */
  readonly phase?: DeliveryPhase;
  /** The date the phase rules are judged against (default: today). */
  readonly asOf?: string;
  /** An id chosen in advance (the upload streams files into the delivery's folder before it exists). */
  readonly id?: string;
  /** Move the files into the file store instead of copying them (default: move uploads, copy SFTP files). */
  readonly move?: boolean;
}

const UTILITY_CODE = /^[a-z0-9]{3,4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WorkflowService {
  private readonly listeners = new Set<StatusListener>();

  constructor(private readonly deps: WorkflowDeps) {}

  /** Subscribes to every status change of every delivery (receipts, webhooks). Returns the unsubscribe. */
  onStatusChange(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newDeliveryId(): string {
    return randomUUID();
  }

  /** The file-store folder of a delivery that is about to arrive (uploads stream straight into it). */
  incomingFolder(utility: string, deliveryId: string): Promise<string> {
    return this.deps.files.folder(utility, deliveryId);
  }

  // ---- utilities ----

  async addUtility(input: { code: string; name: string; profile?: Record<string, unknown>; publicKeys?: readonly string[] }, actor: Actor): Promise<Utility> {
    if (!UTILITY_CODE.test(input.code)) throw new WorkflowError('UTILITY_CODE_INVALID', `a utility code is 3–4 lowercase letters or digits; got "${input.code}"`);
    if (!input.name.trim()) throw new WorkflowError('INVALID_INPUT', 'a utility needs a name');
    const profile = input.profile ?? {};
    checkProfile(profile);
    return this.deps.db.transaction(async (tx) => {
      if (!(await utilities.insert(tx, { code: input.code, name: input.name.trim(), profile }))) {
        throw new WorkflowError('UTILITY_EXISTS', `utility ${input.code} already exists`);
      }
      for (const k of input.publicKeys ?? []) await utilities.addKey(tx, input.code, k.trim());
      // One feed per implemented standard from the start, so a new utility shows where each stands.
      for (const s of STANDARDS) await feeds.ensure(tx, input.code, s.id, firstPhase(s.phases));
      await audit.add(tx, { utility: input.code, action: 'utility-add', from: null, to: 'registered', actor: actorName(actor) });
      return (await utilities.get(tx, input.code)) as Utility;
    });
  }

  async utility(code: string): Promise<Utility & { feeds: FeedView[] }> {
    const u = await utilities.get(this.deps.db, code);
    if (!u) throw new WorkflowError('UTILITY_NOT_FOUND', `no utility ${code}`);
    return { ...u, feeds: await feeds.ofUtility(this.deps.db, code) };
  }

  async utilities(): Promise<(Utility & { feeds: FeedView[] })[]> {
    const all = await utilities.list(this.deps.db);
    return Promise.all(all.map(async (u) => ({ ...u, feeds: await feeds.ofUtility(this.deps.db, u.code) })));
  }

  async setProfile(code: string, profile: Record<string, unknown>, actor: Actor): Promise<Utility> {
    checkProfile(profile);
    return this.deps.db.transaction(async (tx) => {
      if (!(await utilities.get(tx, code))) throw new WorkflowError('UTILITY_NOT_FOUND', `no utility ${code}`);
      await utilities.setProfile(tx, code, profile);
      await audit.add(tx, { utility: code, action: 'profile-change', from: null, to: 'profile', actor: actorName(actor), comment: JSON.stringify(profile) });
      return (await utilities.get(tx, code)) as Utility;
    });
  }

  async setWebhook(code: string, url: string | null, secret: string | null, actor: Actor): Promise<void> {
    if (url !== null && !/^https?:\/\//.test(url)) throw new WorkflowError('INVALID_INPUT', 'a webhook URL starts with http:// or https://');
    await this.deps.db.transaction(async (tx) => {
      if (!(await utilities.get(tx, code))) throw new WorkflowError('UTILITY_NOT_FOUND', `no utility ${code}`);
      await utilities.setWebhook(tx, code, url, secret);
      await audit.add(tx, { utility: code, action: 'webhook-change', from: null, to: url ? 'webhook' : 'no-webhook', actor: actorName(actor) });
    });
  }

  async addPublicKey(code: string, key: string): Promise<void> {
    await utilities.addKey(this.deps.db, code, key.trim());
  }

  // ---- deliveries: reading ----

  async delivery(id: string): Promise<Delivery> {
    const d = await deliveries.get(this.deps.db, id);
    if (!d) throw new WorkflowError('DELIVERY_NOT_FOUND', `no delivery ${id}`);
    return d;
  }

  deliveries(filter: { utility?: string; status?: DeliveryStatus; limit?: number }): Promise<Delivery[]> {
    return deliveries.list(this.deps.db, filter);
  }

  async report(id: string): Promise<Report> {
    await this.delivery(id);
    const r = await deliveries.report(this.deps.db, id);
    if (!r) throw new WorkflowError('REPORT_NOT_READY', `delivery ${id} has not been validated yet`);
    return r;
  }

  /** The issues CSV of a validated delivery (every occurrence, uncapped), as a path in the file store. */
  async issuesCsv(id: string): Promise<string> {
    const d = await this.delivery(id);
    await this.report(id);
    return this.deps.files.derived(d.utility, d.id, 'issues.csv');
  }

  /** Issues fixed, new and still open against the previous round of the same feed and phase. */
  async diff(id: string): Promise<RoundDiff & { deliveryId: string; round: number }> {
    const d = await this.delivery(id);
    const current = await this.report(id);
    const prev = await deliveries.previousRound(this.deps.db, d);
    const before = prev ? ((await deliveries.report(this.deps.db, prev.id)) ?? null) : null;
    return { deliveryId: id, round: d.round, ...diffRounds(before, current, prev?.id ?? null) };
  }

  /**
   * Deletes the raw files of finished deliveries (rejected, loaded, failed) older than their utility's retention
   * (60 days, 30 for EU utilities): the delivery, its report and what was loaded stay, and the audit log says
   * so. Files first, then the mark: a crash in between leaves a folder already gone, which the next run marks.
   */
  async purgeRawFiles(): Promise<{ utility: string; deliveryId: string; files: number }[]> {
    const now = this.deps.clock.now();
    const done: { utility: string; deliveryId: string; files: number }[] = [];
    for (const u of await utilities.list(this.deps.db)) {
      const days = rawRetentionDays({ eu: u.eu });
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      for (const id of await deliveries.purgeable(this.deps.db, u.code, cutoff)) {
        const files = await this.deps.files.removeFiles(u.code, id);
        await this.deps.db.transaction(async (tx) => {
          await deliveries.markPurged(tx, id, now);
          await audit.add(tx, { utility: u.code, deliveryId: id, action: 'retention', from: null, to: 'files-deleted', actor: actorName(SYSTEM), comment: `${files} raw file(s) deleted after ${days} days` });
        });
        done.push({ utility: u.code, deliveryId: id, files });
      }
    }
    return done;
  }

  auditOfUtility(code: string): Promise<AuditEntry[]> {
    return audit.ofUtility(this.deps.db, code);
  }

  auditOfDelivery(id: string): Promise<AuditEntry[]> {
    return audit.ofDelivery(this.deps.db, id);
  }

  // ---- deliveries: moves ----

  /** A delivery arrives (web upload or SFTP): its files go to the file store and its validation is queued. */
  async receiveDelivery(input: ReceiveInput): Promise<Delivery> {
    const { db } = this.deps;
    const utility = await utilities.get(db, input.utility);
    if (!utility) throw new WorkflowError('UTILITY_NOT_FOUND', `no utility ${input.utility}`);
    if (input.files.length === 0) throw new WorkflowError('DELIVERY_NO_FILES', 'a delivery needs at least one file');
    if (input.asOf !== undefined && !DATE.test(input.asOf)) throw new WorkflowError('INVALID_INPUT', `as-of is a date yyyy-MM-dd; got "${input.asOf}"`);
    const standard = standardOf(input.files.map((f) => f.name), input.standard);
    const phases = standardPhases(standard);
    const feed = await feeds.ensure(db, input.utility, standard, firstPhase(phases));
    const phase = deliveryPhaseOf(feed.phase);
    if (input.phase) {
      const g = gate(feed.phase, input.phase, phases);
      if (!g.ok) throw new WorkflowError(g.code, g.message);
    }
    const id = input.id ?? this.newDeliveryId();
    const stored: DeliveryFile[] = [];
    for (const f of input.files) {
      const put = await this.deps.files.put(input.utility, id, f.name, f.path, { move: input.move ?? input.source === 'upload' });
      stored.push({ name: f.name, bytes: put.bytes, path: put.path });
    }
    const asOf = input.asOf ?? this.deps.clock.now().toISOString().slice(0, 10);
    const events: Delivery[] = [];
    const delivery = await db.transaction(async (tx) => {
      const d = await deliveries.insert(tx, { id, utility: input.utility, feedId: feed.id, standard, phase, source: input.source, files: stored, asOf });
      await audit.add(tx, { utility: d.utility, deliveryId: d.id, feedId: d.feedId, action: 'receive', from: null, to: 'received', actor: actorName(input.actor), comment: `${input.source}: ${stored.map((f) => f.name).join(', ')}` });
      await queueWebhook(tx, this.deps.queue, d, null, this.deps.clock.now());
      await this.deps.queue.enqueue('delivery.validate', { deliveryId: d.id }, { dedupeKey: `validate:${d.id}`, tx });
      events.push(d);
      return d;
    });
    await this.emit(events);
    return delivery;
  }

  /**
   * The validation step of a delivery's job. Idempotent: a delivery past `validating` is left alone, and the
   * result is written only while the delivery is still `validating` (one report, one audit entry).
   */
  async runValidation(id: string): Promise<'done' | 'skipped'> {
    const { db } = this.deps;
    let d = await deliveries.get(db, id);
    if (!d) return 'skipped';
    if (d.status === 'received') {
      const moved: Delivery[] = [];
      await db.transaction(async (tx) => {
        const cur = await deliveries.get(tx, id, true);
        if (cur?.status === 'received') moved.push(await this.move(tx, cur, 'start-validation', SYSTEM));
      });
      await this.emit(moved);
      d = await deliveries.get(db, id);
    }
    if (!d || d.status !== 'validating') return 'skipped';
    const utility = (await utilities.get(db, d.utility)) as Utility;
    const feed = (await feeds.get(db, d.feedId)) as Feed;
    const report = await this.deps.validator.validate(d.files.map((f) => f.path), {
      utility: d.utility,
      standard: d.standard,
      profile: resolveProfile(utility.profile),
      phase: d.phase,
      asOf: d.asOf ?? this.deps.clock.now().toISOString().slice(0, 10),
      context: await this.context(d, feed),
      displayNames: Object.fromEntries(d.files.map((f) => [f.path, f.name])),
      maxExamples: this.deps.maxExamples ?? 200,
      issuesCsvPath: await this.deps.files.derived(d.utility, d.id, 'issues.csv'),
    });
    const changed: Delivery[] = [];
    await db.transaction(async (tx) => {
      const cur = await deliveries.get(tx, id, true);
      if (cur?.status !== 'validating') return;
      await deliveries.saveReport(tx, id, report);
      const s = report.summary;
      const words = `${s.errors} errors, ${s.warnings} warnings`;
      const after = await this.move(tx, cur, s.passed ? 'pass' : 'find-errors', SYSTEM, words, { summary: s });
      changed.push(after);
      const f = (await feeds.get(tx, cur.feedId, true)) as Feed;
      // A file stamped before what the feed already processed is held for a person, never loaded out of order.
      const outOfOrder = report.issues.some((i) => i.code === 'PHASE_STAMP_ORDER');
      if (s.passed && !outOfOrder && loadsWithoutReview(f.phase, cur.source)) {
        changed.push(...(await this.approveIn(tx, after, f, SYSTEM, 'no errors; the feed loads without review')));
      }
    });
    await this.emit(changed);
    return 'done';
  }

  async approve(id: string, actor: Actor, comment?: string): Promise<Delivery> {
    requireOperator(actor, 'approve');
    const { db } = this.deps;
    const d = await this.delivery(id);
    const feed = (await feeds.get(db, d.feedId)) as Feed;
    const phases = standardPhases(d.standard);
    // The sample's accounts are read before the transaction: file I/O must not hold it open.
    const sample = d.status === 'awaiting-review' && eventOnApproval(d.phase, feed.phase, phases) === 'sample-approved'
      ? await this.deps.sampleAccounts(d.files.map((f) => ({ path: f.path, name: f.name })))
      : undefined;
    const changed: Delivery[] = [];
    await db.transaction(async (tx) => {
      const cur = await deliveries.get(tx, id, true);
      if (!cur) throw new WorkflowError('DELIVERY_NOT_FOUND', `no delivery ${id}`);
      const f = (await feeds.get(tx, cur.feedId, true)) as Feed;
      if (sample) await feeds.addSampleAccounts(tx, f.id, sample);
      changed.push(...(await this.approveIn(tx, cur, f, actor, comment)));
    });
    await this.emit(changed);
    return changed[changed.length - 1] as Delivery;
  }

  async reject(id: string, actor: Actor, comment?: string): Promise<Delivery> {
    requireOperator(actor, 'reject');
    const changed: Delivery[] = [];
    await this.deps.db.transaction(async (tx) => {
      const cur = await deliveries.get(tx, id, true);
      if (!cur) throw new WorkflowError('DELIVERY_NOT_FOUND', `no delivery ${id}`);
      changed.push(await this.move(tx, cur, 'reject', actor, comment));
    });
    await this.emit(changed);
    return changed[0] as Delivery;
  }

  /**
   * The load step of a delivery's job (one feed's loads never run at once: the job's lock key is the feed).
   * Idempotent: the loader ignores a delivery it already holds, and `loaded` is written once.
   */
  async runLoad(id: string): Promise<'done' | 'skipped'> {
    const { db } = this.deps;
    const started: Delivery[] = [];
    await db.transaction(async (tx) => {
      const cur = await deliveries.get(tx, id, true);
      if (cur?.status === 'approved') started.push(await this.move(tx, cur, 'start-load', SYSTEM));
    });
    await this.emit(started);
    const d = await deliveries.get(db, id);
    if (!d || d.status !== 'loading') return 'skipped';
    const utility = (await utilities.get(db, d.utility)) as Utility;
    await this.deps.loader.load({ deliveryId: d.id, utility: d.utility, standard: d.standard, files: d.files.map((f) => ({ path: f.path, name: f.name })), profile: resolveProfile(utility.profile) });
    const report = await deliveries.report(db, id);
    const changed: Delivery[] = [];
    await db.transaction(async (tx) => {
      const cur = await deliveries.get(tx, id, true);
      if (cur?.status !== 'loading') return;
      changed.push(await this.move(tx, cur, 'finish-load', SYSTEM));
      const feed = (await feeds.get(tx, cur.feedId, true)) as Feed;
      const stamp = (report?.files ?? []).map((f) => f.stamp ?? '').sort().pop();
      if (stamp) await feeds.advanceStamp(tx, feed.id, stamp);
      const event = eventOnLoad(cur.phase, feed.phase, standardPhases(cur.standard));
      if (event) await this.moveFeed(tx, feed, event, SYSTEM, cur.id);
    });
    await this.emit(changed);
    return 'done';
  }

  /** A job gave up (its retries are spent): the delivery is `failed`, with the reason. */
  async markFailed(id: string, reason: string): Promise<void> {
    const changed: Delivery[] = [];
    await this.deps.db.transaction(async (tx) => {
      const cur = await deliveries.get(tx, id, true);
      if (cur && (cur.status === 'validating' || cur.status === 'loading')) changed.push(await this.move(tx, cur, 'fail', SYSTEM, reason, { error: reason }));
    });
    await this.emit(changed);
  }

  // ---- internals ----

  private async approveIn(tx: Queryable, d: Delivery, feed: Feed, actor: Actor, comment?: string): Promise<Delivery[]> {
    const phases = standardPhases(d.standard);
    if (d.status === 'awaiting-review') {
      // The gate: a delivery is approved only in the phase its feed is in (a second sample round after the
      // first was approved, for instance, is passed).
      const g = gate(feed.phase, d.phase, phases);
      if (!g.ok) throw new WorkflowError(g.code, `cannot approve: ${g.message}`);
    }
    const approved = await this.move(tx, d, 'approve', actor, comment);
    const event = eventOnApproval(d.phase, feed.phase, phases);
    if (event) await this.moveFeed(tx, feed, event, actor, d.id);
    if (loadsOnApproval(d.phase, phases)) {
      // A feed's loads run one at a time, oldest file stamp first, whatever order they were approved in.
      await this.deps.queue.enqueue('delivery.load', { deliveryId: d.id }, { lockKey: `feed:${feed.id}`, orderKey: stampOf(d), dedupeKey: `load:${d.id}`, tx });
    }
    return [approved];
  }

  private async move(tx: Queryable, d: Delivery, action: DeliveryAction, actor: Actor, comment?: string | null, extra: Parameters<typeof deliveries.move>[4] = {}): Promise<Delivery> {
    const m = deliveryMove(d.status, action);
    if (!m.ok) throw new WorkflowError(m.code, m.message);
    if (!(await deliveries.move(tx, d.id, d.status, m.to, extra))) {
      throw new WorkflowError('DELIVERY_ILLEGAL_TRANSITION', `delivery ${d.id} changed while it was being moved`);
    }
    await audit.add(tx, { utility: d.utility, deliveryId: d.id, feedId: d.feedId, action, from: d.status, to: m.to, actor: actorName(actor), comment: comment ?? null });
    const moved = (await deliveries.get(tx, d.id)) as Delivery;
    await queueWebhook(tx, this.deps.queue, moved, (await deliveries.report(tx, d.id)) ?? null, this.deps.clock.now());
    return moved;
  }

  private async moveFeed(tx: Queryable, feed: Feed, event: FeedEvent, actor: Actor, deliveryId: string): Promise<void> {
    const m = feedMove(feed.phase, event, standardPhases(feed.standard));
    if (!m.ok) throw new WorkflowError(m.code, m.message);
    await feeds.setPhase(tx, feed.id, m.to);
    await audit.add(tx, { utility: feed.utility, deliveryId, feedId: feed.id, action: event, from: feed.phase, to: m.to, actor: actorName(actor), comment: `feed ${feed.standard}` });
  }

  /** What the store knows, for the phase checks of this delivery. */
  private async context(d: Delivery, feed: Feed): Promise<DeliveryContext> {
    const ctx: DeliveryContext = { ...(await this.deps.loader.context(d.utility, d.standard)) };
    if (d.phase === 'full') ctx.approvedSampleAccounts = await feeds.sampleAccounts(this.deps.db, feed.id);
    if (feed.lastProcessedStamp) ctx.lastProcessedStamp = feed.lastProcessedStamp;
    return ctx;
  }

  private async emit(changed: readonly Delivery[]): Promise<void> {
    if (this.listeners.size === 0) return;
    for (const d of changed) {
      const report = (await deliveries.report(this.deps.db, d.id)) ?? null;
      for (const l of this.listeners) {
        try {
          await l(d, report);
        } catch (err) {
          // A listener (receipt, webhook) must never undo or block a committed move.
          process.stderr.write(`intake: status listener failed for ${d.id}: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
    }
  }
}

/** The newest yyyyMMddHHmmss stamp in a delivery's file names ('' when none has one). */
function stampOf(d: Delivery): string {
  return d.files.map((f) => parseFileName(f.name).parsed.stamp ?? '').sort().pop() ?? '';
}

function requireOperator(actor: Actor, what: string): void {
  if (actor.kind === 'utility') throw new WorkflowError('FORBIDDEN', `a utility cannot ${what} a delivery`);
}

function checkProfile(profile: Record<string, unknown>): void {
  try {
    resolveProfile(profile);
  } catch (err) {
    throw new WorkflowError('INVALID_INPUT', `bad profile: ${(err as ProfileError).message}`);
  }
}

/** The phases of a standard (spec `phases`); a standard the spec does not implement yet has all three. */
export function standardPhases(standard: string): readonly DeliveryPhase[] {
  return findStandard(standard)?.phases ?? ['sample', 'full', 'incremental'];
}

/** The one standard the files belong to, from their names (or the one given for non-conforming names). */
function standardOf(names: readonly string[], given?: string): string {
  if (given !== undefined && !findStandard(given)) throw new WorkflowError('DELIVERY_STANDARD_UNKNOWN', `unknown standard "${given}"`);
  const found = new Set<string>();
  for (const n of names) {
    if (/\.manifest\.ya?ml$/i.test(n)) continue;
    const s = parseFileName(n).parsed.standard?.id;
    if (s) found.add(s);
  }
  if (found.size > 1) throw new WorkflowError('DELIVERY_MIXED_STANDARDS', `one delivery holds files of one standard; got ${[...found].join(', ')}`);
  const fromNames = [...found][0];
  if (given) return given;
  if (!fromNames) throw new WorkflowError('DELIVERY_STANDARD_UNKNOWN', `the standard cannot be told from the file names (${names.join(', ')}); name the standard`);
  return fromNames;
}
