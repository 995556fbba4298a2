/** `intake generate`: writes a realistic synthetic delivery (optionally with injected defects) and its manifest. */
import { parseArgs } from 'node:util';
import { UsageError, type CliIo, type Command } from '../command.js';
import { GenerateOptionError, generate, type GenerateOptions } from '../../generate/index.js';
import { INTERVAL_LENGTHS, STANDARD_NAMES } from '../../spec/index.js';

const HELP = `Usage: intake generate --standard NAME --accounts N --out DIR [options]

Writes a realistic, spec-conforming synthetic delivery, named by the file-name convention, and
DIR/manifest.json listing its files (with row counts) and every injected defect (file, line, column, kind).
The same arguments and seed always give the same bytes. Nothing is held in memory: any size streams.

Options:
  --standard NAME        legacy-billing, interval or any other implemented standard (required; see
                         "Other standards")
  --out DIR              folder to write into (created when missing; required)
  --accounts N           accounts in the population (default 1000; interval: see --meters)
  --utility CODE         utility code in file names, 3-4 lowercase letters or digits (default demo)
  --since YYYY-MM-DD     first day of history (default: 1 January of the year before --until;
                         interval: 13 months before --until, or --days)
  --until YYYY-MM-DD     last day of data (default 2025-06-30; files are stamped at the end of that day)
  --seed N               seed of the random population and values (default 1); one seed, utility and
                         --until give the same customers and service points in every standard, and
                         interval data that sums to the billed actual reads
  --defects RATE         share of rows to damage, 0-1 (default 0): bad dates, numbers, enums, ZIP codes,
                         states, e-mails, phones, empty required fields, short/long rows, invalid UTF-8,
                         out-of-order and overlapping reads, unknown service points, daylight-saving
                         errors, a renamed header column, ... (see manifest.json "defects")
  --compress gz|zip|none compression (default gz; none writes .txt)
  --phase sample|full|incremental
                         sample: a random 10,000-20,000-account sample (active and inactive) of the
                         population; full: the whole population (default); incremental: continues the
                         delivery in --after with the next reads, a few exact corrections, new customers
                         and closed accounts, stamped later
  --after DIR            the earlier generated delivery an incremental continues (its manifest.json);
                         the population, seed, utility, layout, compression and interval settings
                         come from there; --until defaults to 31 days later (interval: --days, 1)

Other standards:
  ${STANDARD_NAMES.filter((n) => n !== 'legacy-billing' && n !== 'interval').join(', ')}
  get every file type of the standard, about --accounts rows each (definition files fewer), with unique
  keys, references between the files and dates over --since..--until; --phase incremental --after DIR
  continues DIR's delivery over the next 31 days (or to --until) for about a tenth of its accounts (or
  --accounts). --defects damages one field per chosen row
  by the column's type (bad dates, numbers, enums, e-mails, ZIP codes, empty required fields, invalid
  UTF-8), never a column other rows or files rely on; manifest "defects" lists them

Legacy billing:
  --layout two-file|single-file
                         two-file: customer + usage files (default); single-file: one full file

Interval:
  --interval MINUTES     interval length: ${INTERVAL_LENGTHS.join(', ')} (default 60)
  --meters N             AMI service points to write (default: every one of --accounts accounts)
  --days D               days of data ending on --until (default 396, about 13 months;
                         incremental: default 1)
  --time-zone ZONE       IANA zone of local times and UTC_offset (default America/New_York)

Examples:
  intake generate --standard legacy-billing --accounts 1000 --out /tmp/demo --defects 0.01
  intake generate --standard legacy-billing --accounts 50000 --phase sample --out /tmp/sample
  intake generate --standard legacy-billing --phase incremental --after /tmp/demo --out /tmp/inc1
  intake generate --standard interval --interval 15 --meters 100 --days 30 --out /tmp/ami
  intake generate --standard billing --accounts 500 --out /tmp/billing
`;

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${option} must be a whole number ≥ 1; got "${value}"`);
  return Number(value);
}

function oneOf<T extends string>(value: string | undefined, option: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

/** Turns command-line arguments into generator options; every mistake is a UsageError (exit 2). */
export function parseGenerateArgs(args: string[]): GenerateOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        standard: { type: 'string' }, out: { type: 'string' }, accounts: { type: 'string' }, utility: { type: 'string' },
        since: { type: 'string' }, until: { type: 'string' }, seed: { type: 'string' }, defects: { type: 'string' },
        compress: { type: 'string' }, phase: { type: 'string' }, after: { type: 'string' }, layout: { type: 'string' },
        interval: { type: 'string' }, meters: { type: 'string' }, days: { type: 'string' }, 'time-zone': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  const standard = v.standard;
  if (standard === undefined) throw new UsageError(`--standard is required (${STANDARD_NAMES.join(', ')})`);
  if (!(STANDARD_NAMES as readonly string[]).includes(standard)) {
    throw new UsageError(`--standard must be one of ${STANDARD_NAMES.join(', ')}; got "${standard}"`);
  }
  if (!v.out) throw new UsageError('--out DIR is required');
  if (v.utility !== undefined && !/^[a-z0-9]{3,4}$/.test(v.utility)) throw new UsageError(`--utility must be 3-4 lowercase letters or digits; got "${v.utility}"`);
  let defects: number | undefined;
  if (v.defects !== undefined) {
    defects = Number(v.defects);
    if (!/^\d*\.?\d+$/.test(v.defects) || !(defects >= 0 && defects <= 1)) throw new UsageError(`--defects must be a share between 0 and 1; got "${v.defects}"`);
  }
  let seed: number | undefined;
  if (v.seed !== undefined) {
    if (!/^\d+$/.test(v.seed) || Number(v.seed) > 0xffffffff) throw new UsageError(`--seed must be a whole number 0-4294967295; got "${v.seed}"`);
    seed = Number(v.seed);
  }
  const interval = positiveInt(v.interval, '--interval');
  if (interval !== undefined && !(INTERVAL_LENGTHS as readonly number[]).includes(interval)) {
    throw new UsageError(`--interval must be one of ${INTERVAL_LENGTHS.join(', ')}; got ${interval}`);
  }
  if (standard !== 'interval' && (v.interval ?? v.meters ?? v.days ?? v['time-zone']) !== undefined) {
    throw new UsageError('--interval, --meters, --days and --time-zone go with --standard interval');
  }
  if (standard !== 'legacy-billing' && v.layout !== undefined) throw new UsageError('--layout goes with --standard legacy-billing');
  for (const [opt, value] of [['--since', v.since], ['--until', v.until]] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`${opt} must be YYYY-MM-DD; got "${value}"`);
  }
  const options: Record<string, unknown> = {
    standard,
    out: v.out,
    accounts: positiveInt(v.accounts, '--accounts'),
    utility: v.utility,
    since: v.since,
    until: v.until,
    seed,
    defects,
    compress: oneOf(v.compress, '--compress', ['gz', 'zip', 'none'] as const),
    phase: oneOf(v.phase, '--phase', ['sample', 'full', 'incremental'] as const),
    after: v.after,
    layout: oneOf(v.layout, '--layout', ['two-file', 'single-file'] as const),
    interval,
    meters: positiveInt(v.meters, '--meters'),
    days: positiveInt(v.days, '--days'),
    timeZone: v['time-zone'],
  };
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
  return options as unknown as GenerateOptions;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Write a realistic synthetic delivery (with injected defects and a manifest)',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parseGenerateArgs(args);
    if (options.timeZone !== undefined) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: options.timeZone });
      } catch {
        throw new UsageError(`--time-zone must be an IANA time zone such as America/New_York; got "${options.timeZone}"`);
      }
    }
    const started = performance.now();
    let manifest;
    try {
      manifest = await generate(options);
    } catch (err) {
      if (err instanceof GenerateOptionError) throw new UsageError(err.message);
      throw err;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = manifest.files.reduce((n, f) => n + f.rows, 0);
    for (const f of manifest.files) io.stdout.write(`${f.name}\t${f.rows} rows\n`);
    io.stdout.write(
      `${manifest.standard} ${manifest.phase}: ${manifest.accounts.total} accounts (${manifest.accounts.active} active, ${manifest.accounts.inactive} inactive), ` +
      `${manifest.servicePoints} service points, ${rows} rows, ${manifest.defects.length} defects, ${manifest.since} to ${manifest.until}, ` +
      `${seconds.toFixed(1)} s\n${options.out}/manifest.json\n`,
    );
    return 0;
  },
};
