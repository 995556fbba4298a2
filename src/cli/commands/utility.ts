/** `intake utility add CODE --name NAME [--sftp-public-key FILE] [--profile FILE]` and `intake utility list`. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { createApp } from '../../app/app.js';
import { storeConfig } from '../../app/config.js';
import { UsageError, type Command } from '../command.js';

export const utilityCommand: Command = {
  name: 'utility',
  summary: 'Register a utility (SFTP key, profile) or list them',
  help: `Usage: intake utility add CODE --name NAME [--sftp-public-key FILE] [--profile FILE]
       intake utility list [--json]

add registers a utility: its code (3–4 lowercase letters or digits, also its SFTP user name), its name, its
SFTP public key (OpenSSH format, one or more lines) and its profile overrides (a JSON or YAML file with keys
of spec/DECISIONS.md: allowNegativeUsage, usesCcb, timeZone, expectedAccounts, eu, …).

Options:
  --name NAME             the utility's name
  --sftp-public-key FILE  OpenSSH public key(s) for the SFTP login
  --profile FILE          profile overrides, JSON or YAML
  --webhook-url URL       POST a signed JSON message here on every status change
  --webhook-secret TEXT   the HMAC-SHA256 secret of those messages
  --data-dir DIR          embedded store folder (default: DATA_DIR or ./data)
  --database-url URL      PostgreSQL instead of the embedded store (default: DATABASE_URL)`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        name: { type: 'string' }, 'sftp-public-key': { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' },
        'webhook-url': { type: 'string' }, 'webhook-secret': { type: 'string' },
        'data-dir': { type: 'string' }, 'database-url': { type: 'string' },
      },
    });
    const [sub, code, ...rest] = positionals;
    if (sub !== 'add' && sub !== 'list') throw new UsageError('subcommands: add, list');
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
