/** `intake load`: validates a delivery and, when it has no errors, loads it into the store (contract.md). */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderTerminal } from '../../report/terminal.js';
import { findStandard, parseFileName, resolveProfile, type Phase, type UtilityProfile } from '../../spec/index.js';
import { deliveryContext, deliveryIdOf, loadDelivery, openStore } from '../../store/index.js';
import { validateDelivery } from '../../validate/index.js';
import { isoDate, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

const HELP = `Usage: intake load FILE... --utility CODE [options]

Validates one delivery against what is already loaded and, when it has no errors, loads it into the store in
one transaction. Loading the same delivery (same file names and bytes) twice changes nothing.

Options:
  --utility CODE         the utility the delivery belongs to (required)
  --phase PHASE          sample, full or incremental: add that phase's checks
  --as-of YYYY-MM-DD     the date the phase rules are judged against (default: today)
  --profile FILE         a JSON file of utility profile overrides
  --delivery ID          the delivery id (default: derived from the utility, file names and contents)
  --json                 print the result as JSON: { "delivery": ID, … }
  --database-url URL     PostgreSQL to load into (default: DATABASE_URL)
  --data-dir DIR         embedded store folder when no database URL is set (default: DATA_DIR or ./data)

Exit status: 0 loaded (or already loaded), 1 the delivery has errors (nothing loaded), 2 could not run.
`;

export const loadCommand: Command = {
  name: 'load',
  summary: 'validate a delivery and load it into the store when it has no errors',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      utility: { type: 'string' },
      phase: { type: 'string' },
      'as-of': { type: 'string' },
      profile: { type: 'string' },
      delivery: { type: 'string' },
      json: { type: 'boolean' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('name at least one FILE');
    const utility = values.utility;
    if (!utility) throw new UsageError('--utility CODE is required');
    const phase = values.phase;
    if (phase !== undefined && !['sample', 'full', 'incremental'].includes(phase)) throw new UsageError('--phase is sample, full or incremental');
    const asOf = isoDate(values['as-of'], 'as-of');
    for (const f of positionals) {
      try {
        await access(f);
      } catch {
        io.stderr.write(`intake load: cannot read ${f}\n`);
        return 2;
      }
    }
    const files = positionals.map((p) => ({ path: p, name: path.basename(p) }));
    const standards = new Set(files.map((f) => parseFileName(f.name).parsed.standard?.id));
    const standard = [...standards][0];
    if (standards.size !== 1 || !standard || !findStandard(standard)) {
      throw new UsageError('the files must be named by the convention and belong to one standard (legacy-billing or interval)');
    }
    let profile: UtilityProfile | undefined;
    if (values.profile) {
      try {
        profile = resolveProfile(JSON.parse(await readFile(values.profile, 'utf8')));
      } catch (err) {
        throw new UsageError(`--profile ${values.profile}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const deliveryId = values.delivery ?? await deliveryIdOf(utility, files);
    const db = await openStore({ databaseUrl: values['database-url'], dataDir: values['data-dir'] }, io.env);
    try {
      const loaded = await db.query<{ n: number }>(`SELECT 1 AS n FROM loads WHERE delivery_id = $1 AND status = 'loaded'`, [deliveryId]);
      if (loaded.rows.length === 0) {
        const context = await deliveryContext(db, utility, standard);
        const report = await validateDelivery(positionals, {
          context,
          utility,
          ...(phase ? { phase: phase as Phase } : {}),
          ...(asOf ? { asOf } : {}),
          ...(profile ? { profile } : {}),
        });
        if (!report.summary.passed) {
          if (values.json) io.stdout.write(`${JSON.stringify({ delivery: deliveryId, loaded: false, summary: report.summary, issues: report.issues }, null, 2)}\n`);
          else io.stdout.write(renderTerminal(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }) + `\nNot loaded: the delivery has errors.\n`);
          return 1;
        }
      }
      const result = await loadDelivery(db, { deliveryId, utility, standard, files, ...(profile ? { profile } : {}) });
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ delivery: deliveryId, loaded: true, ...result }, null, 2)}\n`);
      } else {
        const written = Object.entries(result.tables).map(([t, c]) => `${t} ${c.written} written, ${c.replaced} replaced`).join('; ');
        io.stdout.write(result.alreadyLoaded
          ? `Delivery ${deliveryId} was already loaded; nothing changed.\n`
          : `Loaded delivery ${deliveryId}: ${result.rows} rows in ${(result.elapsedMs / 1000).toFixed(1)} s (${written || 'no changes'}).\n`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
