/** `intake export`: writes what the store holds for a utility and standard as spec-conforming files. */
import { exportStandard, openStore } from '../../store/index.js';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

const HELP = `Usage: intake export --utility CODE --standard NAME --out DIR [options]

Writes the utility's loaded data of one standard back out as files named by the convention (legacy billing:
a customer file and a usage file), gzip, sorted by the standard's keys, after corrections.

Options:
  --json                 print the written file paths as JSON
  --database-url URL     PostgreSQL (default: DATABASE_URL)
  --data-dir DIR         embedded store folder (default: DATA_DIR or ./data)
`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a utility\'s loaded data back out as standard files',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      utility: { type: 'string' }, standard: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' },
      'database-url': { type: 'string' }, 'data-dir': { type: 'string' },
    }, false);
    if (positionals.length > 0) throw new UsageError('export takes no FILE arguments');
    if (!values.utility || !values.standard || !values.out) throw new UsageError('--utility, --standard and --out are required');
    const db = await openStore({ databaseUrl: values['database-url'], dataDir: values['data-dir'] }, io.env);
    try {
      const files = await exportStandard(db, { utility: values.utility, standard: values.standard, outDir: values.out });
      if (values.json) io.stdout.write(`${JSON.stringify({ files }, null, 2)}\n`);
      else io.stdout.write(files.length ? `${files.join('\n')}\n` : `Nothing of ${values.standard} is loaded for ${values.utility}.\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
