/** The ports the SFTP server talks through: who may log in, where complete deliveries go, the audit log. */
import type { Report } from '../report/types.js';

/** What the server needs to know about one utility (its login name is its code). */
export interface SftpUtility {
  readonly code: string;
  /** Authorized public keys, one per entry, in OpenSSH `authorized_keys` form (`ssh-ed25519 AAAA… comment`). */
  readonly publicKeys: readonly string[];
  /** EU utilities keep raw files 30 days instead of 60. */
  readonly eu: boolean;
  /**
   * The utility's PGP decryption key, when it sends encrypted files. The armored key is stored protected by
   * a passphrase (OpenPGP's own key encryption), and the passphrase is derived from a server secret, so a copy
   * of the database alone does not reveal the key.
   */
  readonly pgp?: {
    readonly privateKeyArmored: string;
    passphrase(): Promise<string>;
  };
}

/** Looks utilities up by login name. */
export interface UtilityDirectory {
  findUtility(code: string): Promise<SftpUtility | undefined>;
  /** Every utility, for retention. */
  listUtilities(): Promise<readonly SftpUtility[]>;
}

export type SftpArea = 'shared_files' | 'Uploads';

export interface SftpDeliveryFile {
  /** The name validation and receipts use (for a PGP upload: the name without `.pgp`/`.gpg`). */
  readonly name: string;
  /** Where the complete (decrypted) file lies; the receiver copies it, the server's copy goes with retention. */
  readonly path: string;
  /** The name as uploaded, when it differs from `name` (PGP). */
  readonly uploadedName?: string;
}

export interface SftpDelivery {
  readonly utility: string;
  readonly area: SftpArea;
  readonly files: readonly SftpDeliveryFile[];
}

/** Receives complete deliveries, in stamp order per utility. */
export interface SftpIntake {
  receiveDelivery(delivery: SftpDelivery): Promise<{ deliveryId: string }>;
}

export type ReceiptStatus = 'rejected' | 'awaiting-review' | 'approved' | 'loaded' | 'failed';

export interface Receipt {
  readonly file: string;
  readonly status: ReceiptStatus;
  readonly report: Report;
  /** Extensions beyond the contract's three fields (delivery id, time written). */
  readonly [extra: string]: unknown;
}

/** Writes `receipts/<file name>.receipt.json` in the utility's home; called on every status change. */
export interface ReceiptWriter {
  writeReceipt(utility: string, fileName: string, receipt: Receipt): Promise<void>;
}

export type SftpAuditAction =
  | 'sftp.login'
  | 'sftp.login-failed'
  | 'sftp.upload'
  | 'sftp.upload-interrupted'
  | 'sftp.upload-abandoned'
  | 'sftp.delivery'
  | 'sftp.delivery-rejected'
  | 'sftp.denied'
  | 'sftp.remove'
  | 'sftp.retention';

export interface AuditEntry {
  readonly utility: string | null;
  /** Who did it: `sftp:<login>@<address>` for a session, `system` for the server itself. */
  readonly actor: string;
  readonly action: SftpAuditAction;
  readonly detail: Record<string, unknown>;
}

export interface AuditSink {
  record(entry: AuditEntry): Promise<void> | void;
}

export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
