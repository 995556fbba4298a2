/**
 * Where a utility's PGP key lives and how it gets there. Utilities encrypt their uploads to Intake's public key
 * for them; the private key stays on the server as DATA_DIR/sftp/pgp/<code>.asc, locked with the passphrase
 * derived from INTAKE_SECRET and the utility code (pgpPassphrase), so no passphrase is stored anywhere.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { isAcceptableFileName } from './names.js';
import { pgpPassphrase, protectPgpKey } from './pgp.js';

export class PgpKeyError extends Error {
  constructor(readonly code: 'PGP_KEY_INVALID' | 'PGP_KEY_LOCKED' | 'SFTP_WEAK_SECRET' | 'SFTP_BAD_UTILITY', message: string) {
    super(message);
  }
}

/** The key file of a utility under the data folder. */
export function pgpKeyPath(dataDir: string, utility: string): string {
  if (!isAcceptableFileName(`${utility}.asc`)) throw new PgpKeyError('SFTP_BAD_UTILITY', `not a utility code: ${JSON.stringify(utility)}`);
  return join(dataDir, 'sftp', 'pgp', `${utility}.asc`);
}

export interface StoredPgpKey {
  readonly path: string;
  readonly fingerprint: string;
  /** The armored public key, to hand to the utility. */
  readonly publicKey: string;
}

/**
 * Stores an armored private key for a utility: unlocked with `currentPassphrase` when it has one, locked again
 * with the server-derived passphrase, written atomically (temporary name, then rename).
 */
export async function importPgpKey(dataDir: string, secret: string | undefined, utility: string, armoredKey: string, currentPassphrase?: string): Promise<StoredPgpKey> {
  if (!secret || secret.length < 16) throw new PgpKeyError('SFTP_WEAK_SECRET', 'INTAKE_SECRET must be set (at least 16 characters): it locks the key at rest');
  const path = pgpKeyPath(dataDir, utility);
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey });
  } catch (err) {
    throw new PgpKeyError('PGP_KEY_INVALID', `not an armored PGP private key (${(err as Error).message})`);
  }
  let locked: string;
  try {
    locked = await protectPgpKey(armoredKey, pgpPassphrase(secret, utility), currentPassphrase);
  } catch (err) {
    throw new PgpKeyError('PGP_KEY_LOCKED', `the key cannot be unlocked with the passphrase given (${(err as Error).message})`);
  }
  await mkdir(join(dataDir, 'sftp', 'pgp'), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, locked, { mode: 0o600 });
  await rename(tmp, path);
  return { path, fingerprint: key.getFingerprint().toUpperCase(), publicKey: key.toPublic().armor() };
}

/** Makes a new key pair for a utility and stores its private half (importPgpKey); returns the public half. */
export async function generatePgpKey(dataDir: string, secret: string | undefined, utility: string, name: string): Promise<StoredPgpKey> {
  const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: `Intake for ${name}` }], format: 'armored' });
  return importPgpKey(dataDir, secret, utility, privateKey);
}
