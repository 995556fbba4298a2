/**
 * Notifications: a utility may name a webhook URL and a secret; every status change of its deliveries is POSTed
 * there as JSON, signed with HMAC-SHA256 over `<timestamp>.<body>` (header `X-Intake-Signature: t=…,v1=<hex>`).
 * Messages are queued in the transaction of the change and go through the durable queue, so a receiver that is
 * down gets them later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Report } from '../report/types.js';
import type { Queryable } from '../store/db.js';
import type { JobQueue } from './ports.js';
import { utilities } from './repository.js';
import type { Delivery } from './types.js';

export const SIGNATURE_HEADER = 'x-intake-signature';

export interface StatusMessage {
  readonly event: 'delivery.status';
  readonly utility: string;
  readonly delivery: { id: string; standard: string; phase: string; round: number; status: string; files: string[] };
  readonly summary: Report['summary'] | null;
  readonly at: string;
}

export function statusMessage(d: Delivery, report: Report | null, at: Date): StatusMessage {
  return {
    event: 'delivery.status',
    utility: d.utility,
    delivery: { id: d.id, standard: d.standard, phase: d.phase, round: d.round, status: d.status, files: d.files.map((f) => f.name) },
    summary: report?.summary ?? d.summary,
    at: at.toISOString(),
  };
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature header (for receivers, and the tests). */
export function verify(secret: string, header: string, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = Buffer.from(sign(secret, Number(m[1]), body));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/**
 * Queues the webhook message of one status change inside the transaction that makes the change, so the message
 * is sent (at least once) exactly when the change commits, even if the process dies right after.
 */
export async function queueWebhook(tx: Queryable, queue: JobQueue, d: Delivery, report: Report | null, at: Date): Promise<void> {
  if (!(await utilities.webhook(tx, d.utility))) return;
  await queue.enqueue('webhook.send', { utility: d.utility, message: statusMessage(d, report, at) }, { tx });
}

/** The `webhook.send` job: POSTs the message; a non-2xx answer throws, so the queue retries. */
export async function sendWebhook(db: Queryable, payload: Record<string, unknown>, fetchImpl: typeof fetch = fetch): Promise<'sent' | 'skipped'> {
  const utility = String(payload.utility);
  const hook = await utilities.webhook(db, utility);
  if (!hook) return 'skipped';
  const body = JSON.stringify(payload.message);
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetchImpl(hook.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(hook.secret, ts, body), 'user-agent': 'intake-webhook' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook ${hook.url} answered ${res.status}`);
  return 'sent';
}
