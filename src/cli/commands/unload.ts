/** `intake unload ID`: puts the store back as it was before that delivery's load. */
import { openStore, unloadDelivery, StoreError } from '../../store/index.js';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

const HELP = `Usage: intake unload DELIVERY [options]

Undoes the load of DELIVERY: removes what it wrote and restores what it replaced. Refuses, naming them, when
later loads build on it (undo those first).

Options:
  --json                 print the result as JSON
  --database-url URL     PostgreSQL (default: DATABASE_URL)
  --data-dir DIR         embedded store folder (default: DATA_DIR or ./data)

Exit status: 0 undone, 1 refused (not loaded, or later loads depend on it), 2 could not run.
`;

export const unloadCommand: Command = {
  name: 'unload',
  summary: 'undo the load of a delivery',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } });
    const [id, ...extra] = positionals;
    if (!id || extra.length > 0) throw new UsageError('name exactly one DELIVERY id');
    const db = await openStore({ databaseUrl: values['database-url'], dataDir: values['data-dir'] }, io.env);
    try {
      const result = await unloadDelivery(db, id);
      if (values.json) io.stdout.write(`${JSON.stringify({ delivery: id, undone: true, ...result }, null, 2)}\n`);
      else io.stdout.write(`Undid delivery ${id}.\n`);
      return 0;
    } catch (err) {
      if (err instanceof StoreError && err.code.startsWith('UNLOAD_')) {
        if (values.json) io.stdout.write(`${JSON.stringify({ delivery: id, undone: false, code: err.code, message: err.message, ...err.details }, null, 2)}\n`);
        else io.stderr.write(`intake unload: ${err.message} [${err.code}]\n`);
        return 1;
      }
      throw err;
    } finally {
      await db.close();
    }
  },
};
