import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findToken } from '../../src/api/tokens.js';
import { openDb } from '../../src/store/db.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../workflow/helpers.js';

describe('intake utility / intake token', () => {
  it('registers a utility with its SFTP key and profile, and makes tokens stored as hashes', async () => {
    const dir = await tempDir('intake-cli-');
    const key = path.join(dir, 'id.pub');
    await writeFile(key, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOz0 demo@laptop\n');
    const profile = path.join(dir, 'profile.yaml');
    await writeFile(profile, 'usesCcb: true\nexpectedAccounts: 120000\neu: true\n');
    const add = await runCli(['utility', 'add', 'acme', '--name', 'Acme Energy', '--sftp-public-key', key, '--profile', profile, '--data-dir', dir]);
    expect(add).toMatchObject({ code: 0, stdout: 'utility acme (Acme Energy) registered, 1 SFTP key\n' });
    expect((await runCli(['utility', 'add', 'acme', '--name', 'Again', '--data-dir', dir])).code).toBe(2);
    const bad = await runCli(['utility', 'add', 'ACME!', '--name', 'x', '--data-dir', dir]);
    expect(bad.stderr).toMatch(/UTILITY_CODE_INVALID/);

    const op = await runCli(['token', 'create', '--role', 'operator', '--label', 'ann', '--data-dir', dir]);
    const ut = await runCli(['token', 'create', '--role', 'utility', '--utility', 'acme', '--data-dir', dir]);
    expect(op.stdout).toMatch(/^intk_[\w-]{32}\n$/);
    expect((await runCli(['token', 'create', '--role', 'utility', '--data-dir', dir])).code).toBe(2);
    expect((await runCli(['token', 'create', '--role', 'utility', '--utility', 'nope', '--data-dir', dir])).stderr).toMatch(/UTILITY_NOT_FOUND/);

    const list = await runCli(['utility', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ code: 'acme', name: 'Acme Energy', eu: true, expectedAccounts: 120000, profile: { usesCcb: true } }]);

    const db = await openDb({ dataDir: dir });
    try {
      expect(await findToken(db, op.stdout.trim())).toMatchObject({ role: 'operator', utility: null, label: 'ann' });
      expect(await findToken(db, ut.stdout.trim())).toMatchObject({ role: 'utility', utility: 'acme' });
      const stored = (await db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens')).rows.map((r) => r.token_hash);
      expect(stored.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
      expect(stored).not.toContain(op.stdout.trim());
      expect((await db.query<{ public_key: string }>('SELECT public_key FROM utility_keys WHERE utility = $1', ['acme'])).rows).toEqual([{ public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOz0 demo@laptop' }]);
    } finally {
      await db.close();
    }
  });

  it('refuses a serve with nothing to run, and bad ports', async () => {
    const none = await runCli(['serve', '--no-web', '--no-sftp', '--no-worker']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to run/);
    const port = await runCli(['serve', '--port', 'http']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a whole number/);
  });
});
