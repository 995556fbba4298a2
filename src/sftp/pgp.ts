/** Decrypts a `.pgp`/`.gpg` upload with the utility's key, streaming to a file beside it. */
import { createHmac } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as openpgp from 'openpgp';
import type { SftpUtility } from './ports.js';

export class DecryptError extends Error {
  readonly code = 'PGP_DECRYPT_FAILED';
}

/** Decrypts `inPath` into `outPath` (binary or ASCII-armored input). Throws DecryptError with a reason. */
export async function decryptFile(utility: SftpUtility, inPath: string, outPath: string): Promise<void> {
  if (!utility.pgp) throw new DecryptError('no PGP key is on record for this utility');
  let key: openpgp.PrivateKey;
  try {
    const stored = await openpgp.readPrivateKey({ armoredKey: utility.pgp.privateKeyArmored });
    key = stored.isDecrypted() ? stored : await openpgp.decryptKey({ privateKey: stored, passphrase: await utility.pgp.passphrase() });
  } catch (err) {
    throw new DecryptError(`the utility's PGP key cannot be unlocked (${(err as Error).message})`);
  }
  try {
    const armored = await startsWith(inPath, '-----BEGIN PGP MESSAGE');
    const source = Readable.toWeb(createReadStream(inPath, armored ? { encoding: 'utf8' } : {})) as unknown as ReadableStream<Uint8Array> & ReadableStream<string>;
    const message = armored
      ? await openpgp.readMessage({ armoredMessage: source as ReadableStream<string> })
      : await openpgp.readMessage({ binaryMessage: source as ReadableStream<Uint8Array> });
    // Streamed, not held in memory until the integrity check at the end: the output is only a temporary file,
    // deleted below when that check (or anything else) fails, so nothing unauthenticated is ever used.
    const { data } = await openpgp.decrypt({ message, decryptionKeys: key, format: 'binary', config: { allowUnauthenticatedStream: true } });
    await pipeline(Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>), createWriteStream(outPath));
  } catch (err) {
    await rm(outPath, { force: true });
    throw new DecryptError(`${(err as Error).message}`);
  }
}

async function startsWith(path: string, prefix: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(prefix.length + 64);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('latin1').trimStart().startsWith(prefix);
  } finally {
    await fh.close();
  }
}


/**
 * The passphrase that protects a utility's PGP key at rest: derived from the server secret and the utility
 * code, so each key has its own and none is stored. The directory's `passphrase()` returns this.
 */
export function pgpPassphrase(serverSecret: string, utility: string): string {
  if (serverSecret.length < 16) throw Object.assign(new Error('the server secret must be at least 16 characters'), { code: 'SFTP_WEAK_SECRET' });
  return createHmac('sha256', serverSecret).update(`intake pgp key ${utility}`).digest('base64url');
}

/**
 * Re-encrypts an armored private key (as the utility's delivery team receives it, with or without its own
 * passphrase) under the server-derived passphrase, for storage. Returns the armored, protected key.
 */
export async function protectPgpKey(armoredKey: string, passphrase: string, currentPassphrase?: string): Promise<string> {
  const key = await openpgp.readPrivateKey({ armoredKey });
  const open = key.isDecrypted() ? key : await openpgp.decryptKey({ privateKey: key, passphrase: currentPassphrase ?? '' });
  const locked = await openpgp.encryptKey({ privateKey: open, passphrase });
  return locked.armor();
}
