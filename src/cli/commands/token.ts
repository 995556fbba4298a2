/** `intake token create --role operator | --role utility --utility CODE`: prints a new API token. */
import { parseArgs } from 'node:util';
import { createToken, type Role } from '../../api/tokens.js';
import { storeConfig } from '../../app/config.js';
import { openDb } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { UsageError, type Command } from '../command.js';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'Create an API token (operator, or a utility\'s)',
  help: `Usage: intake token create --role operator|utility [--utility CODE] [--label TEXT]

Prints a new random token. Only its sha256 hash is stored: keep the printed token, it cannot be shown again.
An operator token sees and decides everything; a utility token sees only its utility and cannot approve,
reject or change profiles.

Options:
  --role ROLE          operator or utility
  --utility CODE       the utility of a utility token
  --label TEXT         a name shown in the audit log (default: token-<id>)
  --data-dir DIR       embedded store folder (default: DATA_DIR or ./data)
  --database-url URL   PostgreSQL instead of the embedded store (default: DATABASE_URL)`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { role: { type: 'string' }, utility: { type: 'string' }, label: { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } },
    });
    if (positionals[0] !== 'create' || positionals.length !== 1) throw new UsageError('the only subcommand is "create"');
    if (values.role !== 'operator' && values.role !== 'utility') throw new UsageError('--role is operator or utility');
    const cfg = storeConfig(io.env, io.cwd, values);
    const db = await openDb(cfg);
    try {
      await migrate(db);
      const token = await createToken(db, { role: values.role as Role, utility: values.utility, label: values.label });
      io.stdout.write(`${token}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
