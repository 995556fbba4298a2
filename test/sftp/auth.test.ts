import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { keyRefusal, LoginBackoff, matchKey, parseAuthorizedKeys, rsaBits } from '../../src/sftp/auth.js';

function publicLine(type: 'ed25519' | 'ecdsa' | 'rsa', bits?: number): string {
  const opts = type === 'rsa' ? { bits: bits ?? 2048 } : type === 'ecdsa' ? { bits: 256 } : {};
  return ssh2.utils.generateKeyPairSync(type, opts as never).public;
}

describe('authorized keys', () => {
  it('accepts ed25519, ECDSA and RSA of 2048 bits and more', () => {
    const lines = [publicLine('ed25519'), publicLine('ecdsa'), publicLine('rsa', 2048), publicLine('rsa', 3072)];
    const { keys, refused } = parseAuthorizedKeys(lines);
    expect(refused).toEqual([]);
    expect(keys.map((k) => k.type)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa', 'ssh-rsa']);
    expect(matchKey(keys, keys[2]!.key.getPublicSSH())).toBe(keys[2]);
  });

  it('refuses short RSA keys, DSA and garbage, saying why', () => {
    const short = publicLine('rsa', 1024);
    const dsa = `ssh-dss ${Buffer.concat([lenPrefixed('ssh-dss'), lenPrefixed('x')]).toString('base64')}`;
    const { keys, refused } = parseAuthorizedKeys([short, dsa, 'not a key', '# comment', '']);
    expect(keys).toEqual([]);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.reason).toMatch(/1024 bits/);
  });

  it('measures RSA moduli exactly', () => {
    for (const bits of [1024, 2048, 4096]) {
      const parsed = ssh2.utils.parseKey(publicLine('rsa', bits));
      if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('parse');
      expect(rsaBits(parsed.getPublicSSH())).toBe(bits);
      expect(keyRefusal(parsed) === undefined).toBe(bits >= 2048);
    }
  });
});

describe('login back-off', () => {
  it('doubles the wait after each failure, per login and per address, and forgets on success', () => {
    let now = 0;
    const b = new LoginBackoff({ baseMs: 100, maxMs: 1000, forgetMs: 60_000 }, () => now);
    expect(b.delayMs('acme', '10.0.0.1')).toBe(0);
    b.fail('acme', '10.0.0.1');
    b.fail('acme', '10.0.0.1');
    expect(b.delayMs('acme', '10.0.0.9')).toBe(200);
    expect(b.delayMs('brig', '10.0.0.1')).toBe(200);
    for (let i = 0; i < 10; i++) b.fail('acme', '10.0.0.1');
    expect(b.delayMs('acme', '10.0.0.1')).toBe(1000);
    b.succeed('acme', '10.0.0.1');
    expect(b.delayMs('acme', '10.0.0.1')).toBe(0);
    b.fail('brig', '10.0.0.2');
    now += 61_000;
    expect(b.delayMs('brig', '10.0.0.2')).toBe(0);
  });
});

function lenPrefixed(s: string): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(Buffer.byteLength(s));
  return Buffer.concat([b, Buffer.from(s)]);
}
