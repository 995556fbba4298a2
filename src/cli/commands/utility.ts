/** `intake utility add CODE …`, `intake utility list` and `intake utility pgp-key CODE …`. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { createApp } from '../../app/app.js';
import { storeConfig } from '../../app/config.js';
import { generatePgpKey, importPgpKey, PgpKeyError } from '../../sftp/pgp-keys.js';
import { UsageError, type Command, type CliIo } from '../command.js';

export const utilityCommand: Command = {
  name: 'utility',
  summary: 'Register a utility (SFTP key, profile) or list them',
  help: `Usage: intake utility add CODE --name NAME [--sftp-public-key FILE] [--profile FILE]
       intake utility list [--json]
       intake utility pgp-key CODE (--generate | --private-key FILE [--passphrase-env VAR]) [--public-key-out FILE]

add registers a utility: its code (3–4 lowercase letters or digits, also its SFTP user name), its name, its
SFTP public key (OpenSSH format, one or more lines) and its profile overrides (a JSON or YAML file with keys
of spec/DECISIONS.md: allowNegativeUsage, usesCcb, timeZone, expectedAccounts, eu, …).

pgp-key stores the PGP key that the utility's encrypted uploads (.pgp, .gpg) are decrypted with: a new key
pair (--generate), or an armored private key (--private-key; its passphrase, if any, from the environment
variable named by --passphrase-env). The key is kept as DATA_DIR/sftp/pgp/CODE.asc, locked with a passphrase
derived from INTAKE_SECRET (required, at least 16 characters; the same secret \`intake serve\` runs with). The
public key, for the utility to encrypt to, is written to --public-key-out or printed.

Options:
  --name NAME             the utility's name
  --sftp-public-key FILE  OpenSSH public key(s) for the SFTP login
  --profile FILE          profile overrides, JSON or YAML
  --webhook-url URL       POST a signed JSON message here on every status change
  --webhook-secret TEXT   the HMAC-SHA256 secret of those messages
  --generate              pgp-key: make a new key pair
  --private-key FILE      pgp-key: an armored PGP private key to store
  --passphrase-env VAR    pgp-key: the environment variable holding that key's passphrase
  --public-key-out FILE   pgp-key: write the public key here instead of printing it
  --data-dir DIR          embedded store folder (default: DATA_DIR or ./data)
  --database-url URL      PostgreSQL instead of the embedded store (default: DATABASE_URL)`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        name: { type: 'string' }, 'sftp-public-key': { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' },
        'webhook-url': { type: 'string' }, 'webhook-secret': { type: 'string' },
        generate: { type: 'boolean' }, 'private-key': { type: 'string' }, 'passphrase-env': { type: 'string' }, 'public-key-out': { type: 'string' },
        'data-dir': { type: 'string' }, 'database-url': { type: 'string' },
      },
    });
    const [sub, code, ...rest] = positionals;
    if (sub !== 'add' && sub !== 'list' && sub !== 'pgp-key') throw new UsageError('subcommands: add, list, pgp-key');
    if (sub === 'pgp-key') return pgpKey(code, rest, values, io);
    if (sub === 'add' && (!code || rest.length || !values.name)) throw new UsageError('usage: intake utility add CODE --name NAME');
    const read = (f: string) => readFile(path.resolve(io.cwd, f), 'utf8');
    const profile = values.profile ? (parseYaml(await read(values.profile)) as unknown) : undefined;
    if (profile !== undefined && (typeof profile !== 'object' || profile === null || Array.isArray(profile))) throw new UsageError(`${values.profile}: a profile is a mapping of keys to values`);
    const keys = values['sftp-public-key'] ? (await read(values['sftp-public-key'])).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : [];
    const app = await createApp(storeConfig(io.env, io.cwd, values));
    try {
      const actor = { kind: 'operator' as const, name: 'cli' };
      if (sub === 'list') {
        const all = await app.service.utilities();
        if (values.json) io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        else for (const u of all) io.stdout.write(`${u.code}\t${u.name}\t${u.feeds.map((f) => `${f.standard}:${f.phase}`).join(' ') || '(no feeds yet)'}\n`);
        return 0;
      }
      const u = await app.service.addUtility({ code: code as string, name: values.name as string, ...(profile ? { profile: profile as Record<string, unknown> } : {}), publicKeys: keys }, actor);
      if (values['webhook-url']) await app.service.setWebhook(u.code, values['webhook-url'], values['webhook-secret'] ?? '', actor);
      io.stdout.write(`utility ${u.code} (${u.name}) registered${keys.length ? `, ${keys.length} SFTP key${keys.length > 1 ? 's' : ''}` : ''}\n`);
      return 0;
    } finally {
      await app.close();
    }
  },
};

/** `intake utility pgp-key CODE …`: stores the key the utility's encrypted uploads are decrypted with. */
async function pgpKey(code: string | undefined, rest: string[], values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  if (!code || rest.length) throw new UsageError('usage: intake utility pgp-key CODE (--generate | --private-key FILE)');
  const generate = values.generate === true;
  const privateKey = typeof values['private-key'] === 'string' ? values['private-key'] : undefined;
  if (generate === (privateKey !== undefined)) throw new UsageError('give either --generate or --private-key FILE');
  const passEnv = typeof values['passphrase-env'] === 'string' ? values['passphrase-env'] : undefined;
  if (passEnv !== undefined && io.env[passEnv] === undefined) throw new UsageError(`--passphrase-env ${passEnv}: the variable is not set`);
  const config = storeConfig(io.env, io.cwd, values as { 'database-url'?: string; 'data-dir'?: string });
  const app = await createApp(config);
  let stored;
  try {
    // The utility must exist: a key for an unknown code would never be used.
    const utility = await app.service.utility(code);
    stored = generate
      ? await generatePgpKey(config.dataDir, io.env.INTAKE_SECRET, code, utility.name)
      : await importPgpKey(config.dataDir, io.env.INTAKE_SECRET, code, await readFile(path.resolve(io.cwd, privateKey as string), 'utf8'), passEnv ? io.env[passEnv] : undefined);
  } catch (err) {
    if (err instanceof PgpKeyError) {
      io.stderr.write(`intake: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await app.close();
  }
  const out = typeof values['public-key-out'] === 'string' ? values['public-key-out'] : undefined;
  if (out) await writeFile(path.resolve(io.cwd, out), stored.publicKey);
  io.stderr.write(`PGP key of utility ${code} stored in ${stored.path} (fingerprint ${stored.fingerprint})${out ? `; public key written to ${out}` : ''}\n`);
  if (!out) io.stdout.write(stored.publicKey);
  return 0;
}
