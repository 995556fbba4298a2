/**
 * Intake through its API, for when the CLI's `validate` command is not built: validates the files given as
 * one delivery, writes the JSON report to /dev/null (the report is part of the work) and prints a summary.
 */
import { writeFileSync } from 'node:fs';
import { validateDelivery } from '../../dist/validate/index.js';

const report = await validateDelivery(process.argv.slice(2));
writeFileSync('/dev/null', JSON.stringify(report));
const counts = Object.fromEntries(report.issues.map((i) => [`${i.code}${i.column ? `:${i.column}` : ''}`, i.count]));
process.stdout.write(`${JSON.stringify({ rows: report.summary.rows, counts, maxRSS: process.resourceUsage().maxRSS * 1024 })}\n`);
