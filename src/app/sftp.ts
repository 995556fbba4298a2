/**
 * The SFTP server's ports, served by the workflow: who may log in (utilities and their keys), where complete
 * uploads go (the workflow's receiveDelivery), where its audit entries go (the audit log), and the receipts the
 * server writes on every status change. Typed structurally here, so this module does not depend on src/sftp.
 */
import type { Report } from '../report/types.js';
import type { Queryable } from '../store/db.js';
import { utilities } from '../workflow/repository.js';
import type { StatusListener, WorkflowService } from '../workflow/service.js';

export interface SftpUtilityView {
  readonly code: string;
  readonly publicKeys: readonly string[];
  readonly eu: boolean;
}

/** Utilities by login name (= utility code), with their public keys from `utility_keys`. */
export function sftpDirectory(db: Queryable) {
  const view = async (code: string): Promise<SftpUtilityView | undefined> => {
    const u = await utilities.get(db, code);
    return u ? { code: u.code, publicKeys: await utilities.keys(db, u.code), eu: u.eu } : undefined;
  };
  return {
    findUtility: view,
    async listUtilities(): Promise<readonly SftpUtilityView[]> {
      const all = await utilities.list(db);
      return (await Promise.all(all.map((u) => view(u.code)))).filter((u): u is SftpUtilityView => u !== undefined);
    },
  };
}

/** Complete uploads become deliveries, from `shared_files/` (always reviewed) or `Uploads/`. */
export function sftpIntake(service: WorkflowService) {
  return {
    async receiveDelivery(d: { utility: string; area: 'shared_files' | 'Uploads'; files: readonly { name: string; path: string }[] }): Promise<{ deliveryId: string }> {
      const delivery = await service.receiveDelivery({
        utility: d.utility, source: d.area, files: d.files.map((f) => ({ name: f.name, path: f.path })),
        actor: { kind: 'utility', name: `sftp:${d.utility}`, utility: d.utility },
      });
      return { deliveryId: delivery.id };
    },
  };
}

/** The SFTP server's audit entries (logins, uploads, refusals) go to the same audit log as the workflow's. */
export function sftpAudit(db: Queryable) {
  return {
    async record(e: { utility: string | null; actor: string; action: string; detail: Record<string, unknown> }): Promise<void> {
      await db.query(
        'INSERT INTO audit_log (utility, action, from_state, to_state, actor, comment) VALUES ($1, $2, NULL, $3, $4, $5)',
        [e.utility ?? '', e.action, e.action.replace(/^sftp\./, ''), e.actor, JSON.stringify(e.detail)],
      );
    },
  };
}

const RECEIPT_STATUSES = new Set(['rejected', 'awaiting-review', 'approved', 'loaded', 'failed']);

export interface ReceiptSink {
  writeReceipt(utility: string, fileName: string, receipt: { file: string; status: 'rejected' | 'awaiting-review' | 'approved' | 'loaded' | 'failed'; report: Report; [extra: string]: unknown }): Promise<void>;
}

/**
 * A status listener writing `receipts/<file>.receipt.json` for each file of a delivery, for the statuses of the
 * contract (a delivery still validating or loading has no receipt yet; one that could not run has no report).
 */
export function receiptListener(receipts: ReceiptSink): StatusListener {
  return async (d, report) => {
    if (d.source === 'upload' || !RECEIPT_STATUSES.has(d.status) || !report) return;
    for (const f of d.files) {
      await receipts.writeReceipt(d.utility, f.name, { file: f.name, status: d.status as 'rejected', report, delivery: d.id, phase: d.phase, round: d.round });
    }
  };
}
