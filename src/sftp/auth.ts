/** Public-key login: which keys a utility may use, and a back-off that slows down guessing. */
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

/** Key types accepted for login; RSA only from 2048 bits (DSA and short RSA are refused). */
const ACCEPTED_TYPES = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
]);
export const MIN_RSA_BITS = 2048;

export interface AuthorizedKey {
  readonly type: string;
  readonly key: ParsedKey;
}

/** Parses `authorized_keys` lines; a line that is not an accepted key is skipped with its reason. */
export function parseAuthorizedKeys(lines: readonly string[]): { keys: AuthorizedKey[]; refused: { line: string; reason: string }[] } {
  const keys: AuthorizedKey[] = [];
  const refused: { line: string; reason: string }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parsed = ssh2.utils.parseKey(line);
    const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key) { refused.push({ line, reason: parsed instanceof Error ? parsed.message : 'no key' }); continue; }
    const reason = keyRefusal(key);
    if (reason) refused.push({ line, reason });
    else keys.push({ type: key.type, key });
  }
  return { keys, refused };
}

/** Why a key type or size is not accepted, or undefined when it is. */
export function keyRefusal(key: ParsedKey): string | undefined {
  if (!ACCEPTED_TYPES.has(key.type)) return `key type ${key.type} is not accepted (use ed25519, ECDSA or RSA ≥ ${MIN_RSA_BITS} bits)`;
  if (key.type === 'ssh-rsa') {
    const bits = rsaBits(key.getPublicSSH());
    if (bits < MIN_RSA_BITS) return `RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required`;
  }
  return undefined;
}

/** The modulus size of an `ssh-rsa` public key blob (string type, mpint e, mpint n). */
export function rsaBits(blob: Buffer): number {
  let pos = 0;
  const next = (): Buffer => {
    const len = blob.readUInt32BE(pos);
    const part = blob.subarray(pos + 4, pos + 4 + len);
    pos += 4 + len;
    return part;
  };
  next(); // type
  next(); // e
  const n = next();
  let i = 0;
  while (i < n.length && n[i] === 0) i++; // mpint sign padding
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] ?? 0));
}

/** Finds the authorized key matching the client's offered public key blob. */
export function matchKey(keys: readonly AuthorizedKey[], offered: Buffer): AuthorizedKey | undefined {
  return keys.find((k) => k.key.getPublicSSH().equals(offered));
}

export interface BackoffOptions {
  /** Delay after the first failure; doubles with each further failure. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Failures are forgotten this long after the last one. */
  readonly forgetMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 8000, forgetMs: 15 * 60_000 };

/**
 * Counts failed logins per login name and per client address, and tells how long to wait before answering
 * the next attempt: guessing gets slower each time, a legitimate client that logs in is forgotten.
 */
export class LoginBackoff {
  private readonly failures = new Map<string, { count: number; last: number }>();
  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF, private readonly now: () => number = Date.now) {}

  delayMs(user: string, address: string): number {
    const count = Math.max(this.count(`u:${user}`), this.count(`a:${address}`));
    if (count === 0) return 0;
    return Math.min(this.options.maxMs, this.options.baseMs * 2 ** (count - 1));
  }

  fail(user: string, address: string): void {
    for (const k of [`u:${user}`, `a:${address}`]) {
      this.failures.set(k, { count: this.count(k) + 1, last: this.now() });
    }
    this.prune();
  }

  succeed(user: string, address: string): void {
    this.failures.delete(`u:${user}`);
    this.failures.delete(`a:${address}`);
  }

  private count(key: string): number {
    const f = this.failures.get(key);
    if (!f) return 0;
    if (this.now() - f.last > this.options.forgetMs) { this.failures.delete(key); return 0; }
    return f.count;
  }

  /** Keeps the map bounded when many addresses try once. */
  private prune(): void {
    if (this.failures.size < 10_000) return;
    const cutoff = this.now() - this.options.forgetMs;
    for (const [k, f] of this.failures) if (f.last < cutoff) this.failures.delete(k);
  }
}
