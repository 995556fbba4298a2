/**
 * The SFTP server's ports on the workflow: utilities and keys from the store, deliveries into
 * WorkflowService.receiveDelivery, audit entries into the audit log, and a receipt on every status change.
 */
import { readFile } from 'node:fs/promises';
import type { Report } from '../report/types.js';
import type { Db } from '../store/db.js';
import { audit, utilities } from '../workflow/repository.js';
import type { WorkflowService } from '../workflow/service.js';
import type { Delivery } from '../workflow/types.js';
import { isAcceptableFileName } from './names.js';
import { pgpPassphrase } from './pgp.js';
import { pgpKeyPath } from './pgp-keys.js';
import type { AuditSink, ReceiptStatus, ReceiptWriter, SftpIntake, SftpUtility, UtilityDirectory } from './ports.js';
import { startSftpServer, type RunningSftpServer } from './server.js';
import { transferReport } from './transfer-report.js';

/**
 * Utilities and their keys from the store. A utility's PGP key, when it sends encrypted files, is the armored
 * file DATA_DIR/sftp/pgp/<code>.asc, locked with the passphrase derived from INTAKE_SECRET (protectPgpKey).
 */
export function storeDirectory(db: Db, dataDir: string, secret: string | undefined): UtilityDirectory {
  const toSftp = async (u: { code: string; eu: boolean }): Promise<SftpUtility> => {
    const armored = secret && isAcceptableFileName(`${u.code}.asc`) ? await readFile(pgpKeyPath(dataDir, u.code), 'utf8').catch(() => undefined) : undefined;
    return {
      code: u.code, eu: u.eu, publicKeys: await utilities.keys(db, u.code),
      ...(armored && secret ? { pgp: { privateKeyArmored: armored, passphrase: () => Promise.resolve(pgpPassphrase(secret, u.code)) } } : {}),
    };
  };
  return {
    async findUtility(code) {
      const u = await utilities.get(db, code);
      return u ? toSftp(u) : undefined;
    },
    async listUtilities() {
      return Promise.all((await utilities.list(db)).map(toSftp));
    },
  };
}

/** Complete SFTP deliveries become workflow deliveries (copied into the file store, validation queued). */
export function workflowIntake(service: WorkflowService): SftpIntake {
  return {
    async receiveDelivery(d) {
      const delivery = await service.receiveDelivery({
        utility: d.utility, source: d.area, files: d.files.map((f) => ({ name: f.name, path: f.path })),
        actor: { kind: 'utility', name: 'sftp', utility: d.utility },
      });
      return { deliveryId: delivery.id };
    },
  };
}

/** SFTP events in the audit log; attempts on unknown logins have no utility to file them under and are skipped. */
export function auditLog(db: Db): AuditSink {
  return {
    async record(e) {
      if (!e.utility) return;
      await audit.add(db, { utility: e.utility, action: e.action, from: null, to: e.action.replace(/^sftp\./, ''), actor: e.actor, comment: JSON.stringify(e.detail) });
    },
  };
}

/** The receipt status of a delivery status; none while it is received, validating or loading. */
export function receiptStatus(status: Delivery['status']): ReceiptStatus | undefined {
  switch (status) {
    case 'rejected': case 'awaiting-review': case 'approved': case 'loaded': case 'failed':
      return status;
    case 'received': case 'validating': case 'loading':
      return undefined;
  }
}

/** Writes each SFTP file's receipt when its delivery's status changes (register on every process's service). */
export function receiptListener(writer: ReceiptWriter, now: () => Date = () => new Date()) {
  return async (d: Delivery, report: Report | null): Promise<void> => {
    if (d.source !== 'shared_files' && d.source !== 'Uploads') return;
    const status = receiptStatus(d.status);
    if (!status) return;
    const body = report ?? { ...transferReport(d.files.map((f) => ({ name: f.name, bytes: f.bytes })), [], now()), truncated: [d.error ?? 'The delivery could not be validated.'] };
    for (const f of d.files) await writer.writeReceipt(d.utility, f.name, { file: f.name, status, report: body, deliveryId: d.id, round: d.round, phase: d.phase });
  };
}

/** Starts the SFTP server on the workflow (what `intake serve` runs). */
export async function startWorkflowSftp(app: { db: Db; service: WorkflowService; dataDir: string }, opts: { host: string; port: number; secret?: string | undefined }): Promise<RunningSftpServer> {
  return startSftpServer({
    host: opts.host, port: opts.port, dataDir: app.dataDir,
    directory: storeDirectory(app.db, app.dataDir, opts.secret),
    intake: workflowIntake(app.service),
    audit: auditLog(app.db),
  });
}
