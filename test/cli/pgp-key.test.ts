/**
 * `intake utility pgp-key`: the key the server decrypts a utility's .pgp uploads with, stored locked under
 * DATA_DIR/sftp/pgp and read back by the SFTP side (storeDirectory → decryptFile).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { decryptFile } from '../../src/sftp/pgp.js';
import { storeDirectory } from '../../src/sftp/workflow-adapter.js';
import { openDb } from '../../src/store/db.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../workflow/helpers.js';

const SECRET = 'a-server-secret-of-some-length';

/** Encrypts a file's bytes to an armored public key, as the utility would before uploading (`gpg -e -a FILE`). */
async function encryptTo(publicArmored: string, text: string): Promise<string> {
  const encryptionKeys = await openpgp.readKey({ armoredKey: publicArmored });
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  return openpgp.encrypt({ message, encryptionKeys, format: 'armored' }) as Promise<string>;
}

/** Decrypts with the key as the SFTP server finds it for the utility. */
async function decryptAsServer(dir: string, code: string, armoredMessage: string): Promise<string> {
  const db = await openDb({ dataDir: dir });
  try {
    const utility = await storeDirectory(db, dir, SECRET).findUtility(code);
    expect(utility?.pgp).toBeDefined();
    const inPath = path.join(dir, 'upload.pgp');
    const outPath = path.join(dir, 'upload.txt');
    await writeFile(inPath, armoredMessage);
    await decryptFile(utility!, inPath, outPath);
    return await readFile(outPath, 'utf8');
  } finally {
    await db.close();
  }
}

describe('intake utility pgp-key', () => {
  it('generates a key pair: the private key is stored locked, the public key decrypts end to end', async () => {
    const dir = await tempDir('intake-pgp-');
    const env = { ...process.env, INTAKE_SECRET: SECRET };
    expect((await runCli(['utility', 'add', 'acme', '--name', 'Acme Energy', '--data-dir', dir], env)).code).toBe(0);
    const pub = path.join(dir, 'acme-public.asc');
    const res = await runCli(['utility', 'pgp-key', 'acme', '--generate', '--public-key-out', pub, '--data-dir', dir], env);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/stored in .*sftp\/pgp\/acme\.asc \(fingerprint [0-9A-F]{40}\)/);
    const stored = await openpgp.readPrivateKey({ armoredKey: await readFile(path.join(dir, 'sftp', 'pgp', 'acme.asc'), 'utf8') });
    expect(stored.isDecrypted()).toBe(false);
    const publicKey = await readFile(pub, 'utf8');
    expect(publicKey).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(await decryptAsServer(dir, 'acme', await encryptTo(publicKey, 'customer_id\tpremise_id\n'))).toBe('customer_id\tpremise_id\n');
  });

  it('imports a key with its own passphrase; refuses a wrong passphrase, a missing secret and an unknown utility', async () => {
    const dir = await tempDir('intake-pgp-');
    const env = { ...process.env, INTAKE_SECRET: SECRET, KEY_PASS: 'utility-side-pass' };
    expect((await runCli(['utility', 'add', 'gec', '--name', 'Green Energy Co', '--data-dir', dir], env)).code).toBe(0);
    const pair = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'gec' }], passphrase: 'utility-side-pass', format: 'armored' });
    const file = path.join(dir, 'gec-private.asc');
    await writeFile(file, pair.privateKey);

    const wrong = await runCli(['utility', 'pgp-key', 'gec', '--private-key', file, '--passphrase-env', 'WRONG_PASS', '--data-dir', dir], { ...env, WRONG_PASS: 'nope' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/PGP_KEY_LOCKED/);
    const noSecret = await runCli(['utility', 'pgp-key', 'gec', '--private-key', file, '--passphrase-env', 'KEY_PASS', '--data-dir', dir], { ...env, INTAKE_SECRET: '' });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toMatch(/SFTP_WEAK_SECRET/);
    expect((await runCli(['utility', 'pgp-key', 'nope', '--generate', '--data-dir', dir], env)).stderr).toMatch(/UTILITY_NOT_FOUND/);
    expect((await runCli(['utility', 'pgp-key', 'gec', '--generate', '--private-key', file, '--data-dir', dir], env)).code).toBe(2);

    const ok = await runCli(['utility', 'pgp-key', 'gec', '--private-key', file, '--passphrase-env', 'KEY_PASS', '--data-dir', dir], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    // The stored key is locked with the server's passphrase now, not the utility's.
    const stored = await openpgp.readPrivateKey({ armoredKey: await readFile(path.join(dir, 'sftp', 'pgp', 'gec.asc'), 'utf8') });
    await expect(openpgp.decryptKey({ privateKey: stored, passphrase: 'utility-side-pass' })).rejects.toThrow();
    expect(await decryptAsServer(dir, 'gec', await encryptTo(pair.publicKey, 'hello'))).toBe('hello');
  });
});
