import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { decryptFile, pgpPassphrase, protectPgpKey } from '../../src/sftp/pgp.js';
import { tempDir } from './helpers.js';

describe('PGP keys at rest', () => {
  it('derives a passphrase per utility from the server secret', () => {
    const a = pgpPassphrase('a-long-server-secret', 'acme');
    expect(a).toBe(pgpPassphrase('a-long-server-secret', 'acme'));
    expect(a).not.toBe(pgpPassphrase('a-long-server-secret', 'brig'));
    expect(a).not.toBe(pgpPassphrase('another-server-secret', 'acme'));
    expect(() => pgpPassphrase('short', 'acme')).toThrow(/16 characters/);
  });

  it('stores the key locked, and decrypts armored uploads with it', async () => {
    const dir = await tempDir('intake-pgp-');
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'acme' }], passphrase: 'given', format: 'armored' });
    const passphrase = pgpPassphrase('a-long-server-secret', 'acme');
    const stored = await protectPgpKey(privateKey, passphrase, 'given');
    expect((await openpgp.readPrivateKey({ armoredKey: stored })).isDecrypted()).toBe(false);
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: Buffer.from('h\n1\n') }), encryptionKeys: await openpgp.readKey({ armoredKey: publicKey }) });
    await writeFile(join(dir.path, 'a.txt.asc'), armored as string);
    const utility = { code: 'acme', publicKeys: [], eu: false, pgp: { privateKeyArmored: stored, passphrase: () => Promise.resolve(passphrase) } };
    await decryptFile(utility, join(dir.path, 'a.txt.asc'), join(dir.path, 'a.txt'));
    expect(await readFile(join(dir.path, 'a.txt'), 'utf8')).toBe('h\n1\n');
    // A damaged message fails its integrity check and leaves no output behind, even though decryption streams.
    const binary = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: Buffer.alloc(200_000, 7) }), encryptionKeys: await openpgp.readKey({ armoredKey: publicKey }), format: 'binary' });
    const damaged = Buffer.from(binary as Uint8Array);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 30000) ^ 0xff, damaged.length - 30000);
    await writeFile(join(dir.path, 'd.bin.pgp'), damaged);
    await expect(decryptFile(utility, join(dir.path, 'd.bin.pgp'), join(dir.path, 'd.bin'))).rejects.toMatchObject({ code: 'PGP_DECRYPT_FAILED' });
    expect(existsSync(join(dir.path, 'd.bin'))).toBe(false);
    const wrong = { ...utility, pgp: { privateKeyArmored: stored, passphrase: () => Promise.resolve('wrong') } };
    await expect(decryptFile(wrong, join(dir.path, 'a.txt.asc'), join(dir.path, 'b.txt'))).rejects.toMatchObject({ code: 'PGP_DECRYPT_FAILED' });
    await expect(decryptFile({ ...utility, pgp: undefined } as never, join(dir.path, 'a.txt.asc'), join(dir.path, 'c.txt'))).rejects.toThrow(/no PGP key/);
    await dir.cleanup();
  });

  // What utilities actually run: GnuPG, binary output, its default compression and packet choices.
  it.skipIf(!existsSync('/usr/bin/gpg'))('decrypts a file encrypted with gpg', async () => {
    const dir = await tempDir('intake-gpg-');
    const home = join(dir.path, 'gnupg');
    await mkdir(home, { mode: 0o700 });
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ name: 'acme', email: 'acme@example.org' }], format: 'armored' });
    await writeFile(join(dir.path, 'acme.asc'), publicKey);
    const plain = gzipSync('h\tv\n1\t2\n');
    await writeFile(join(dir.path, 'f.gz'), plain);
    const gpg = (args: string[]): void => { execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', ...args], { stdio: 'ignore' }); };
    gpg(['--import', join(dir.path, 'acme.asc')]);
    gpg(['--trust-model', 'always', '--recipient', 'acme@example.org', '--output', join(dir.path, 'f.gz.gpg'), '--encrypt', join(dir.path, 'f.gz')]);
    const passphrase = pgpPassphrase('a-long-server-secret', 'acme');
    const utility = { code: 'acme', publicKeys: [], eu: false, pgp: { privateKeyArmored: await protectPgpKey(privateKey, passphrase), passphrase: () => Promise.resolve(passphrase) } };
    await decryptFile(utility, join(dir.path, 'f.gz.gpg'), join(dir.path, 'out.gz'));
    expect(await readFile(join(dir.path, 'out.gz'))).toEqual(plain);
    await dir.cleanup();
  });
});
