/** The server's host key: generated once at first start, kept under DATA_DIR/sftp, shown as a fingerprint. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';

export interface HostKey {
  /** The private key in OpenSSH format, as ssh2 takes it. */
  readonly privateKey: string;
  /** `SHA256:<base64>`, as `ssh-keygen -lf` and OpenSSH's first-connection prompt show it. */
  readonly fingerprint: string;
}

/** Reads DATA_DIR/sftp/host_key, or generates an ed25519 key there (mode 0600) when there is none. */
export async function loadOrCreateHostKey(dataDir: string): Promise<HostKey> {
  const dir = join(dataDir, 'sftp');
  const file = join(dir, 'host_key');
  let privateKey: string;
  try {
    privateKey = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    privateKey = generateHostKey();
    // Write then rename, so that two processes starting at once never see half a key.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, privateKey, { mode: 0o600 });
    await rename(tmp, file);
    privateKey = await readFile(file, 'utf8');
  }
  return { privateKey, fingerprint: fingerprintOf(privateKey) };
}

/** The SHA-256 fingerprint of a key's public part (private or public key text). */
export function fingerprintOf(keyText: string): string {
  const parsed = ssh2.utils.parseKey(keyText);
  if (parsed instanceof Error) throw Object.assign(new Error(`cannot read the SFTP host key: ${parsed.message}`), { code: 'SFTP_HOST_KEY_INVALID' });
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw Object.assign(new Error('the SFTP host key file holds no key'), { code: 'SFTP_HOST_KEY_INVALID' });
  const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '');
  return `SHA256:${digest}`;
}

/**
 * An ed25519 key in OpenSSH format. ssh2's generator now and then (about 1 in 200) writes a key its own parser
 * rejects, so each key is read back and tried before it is kept.
 */
function generateHostKey(): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { private: text } = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'intake host key' });
    const parsed = ssh2.utils.parseKey(text);
    const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
    if (key && key.verify('probe', key.sign('probe'))) return text;
  }
  throw Object.assign(new Error('could not generate a usable SFTP host key'), { code: 'SFTP_HOST_KEY_INVALID' });
}
