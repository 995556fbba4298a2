/**
 * Validates one delivery: every file (customer data before usage, so usage can refer to it), then the rules
 * across files, then the phase checks. Returns the one Report shape (report/types.ts).
 */
import { basename } from 'node:path';
import { CATALOGUE } from '../checks/catalogue.js';
import { compareBilledUsage } from '../checks/interval-bills.js';
import { runPhaseChecks } from '../checks/phase.js';
import { IssuesCsvWriter } from '../report/issues-csv.js';
import type { Report, ReportFile, ReportIssue } from '../report/types.js';
import { parseFileName } from '../spec/file-name.js';
import { DEFAULT_PROFILE, fileNameCodeOf } from '../spec/profile.js';
import { findStandard } from '../spec/registry.js';
import type { FileTypeSpec } from '../spec/types.js';
import { codeIndex, FileIssues } from './collector.js';
import { DeliveryState } from './delivery-state.js';
import { validateFile } from './file-validator.js';
import { ReaderPool, readerThreadWanted } from './reader-client.js';
import type { ValidateOptions } from './options.js';
import { renderProfile } from './profile-data.js';
import { releaseMemory } from './release.js';

export const VERSION = '0.1.0';

/** Customer data first: usage rows refer to it. */
const FILE_ORDER: Record<string, number> = { customer: 0, full: 1, usage: 2 };

/** Thrown when the run cannot start (unknown standard, no files): a usage problem, exit status 2. */
export class ValidateUsageError extends Error {
  readonly code = 'VALIDATE_USAGE';
}

export async function validateDelivery(paths: readonly string[], options: ValidateOptions = {}): Promise<Report> {
  const started = Date.now();
  if (paths.length === 0) throw new ValidateUsageError('no files to validate');
  const forced = options.standard ? findStandard(options.standard) : undefined;
  if (options.standard && !forced) throw new ValidateUsageError(`unknown or not yet implemented standard "${options.standard}"`);
  const profile = options.profile ?? DEFAULT_PROFILE;
  const maxExamples = options.maxExamples ?? 20;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const displayName = (p: string) => options.displayNames?.[p] ?? basename(p);
  // Each file's type from its name, once: it orders the files and says which may add customer ids.
  const parsedOf = new Map(paths.map((p) => [p, parseFileName(displayName(p), forced).parsed] as const));
  const typeOf = (p: string) => parsedOf.get(p)?.fileType;
  const ordered = [...paths].sort((a, b) => rank(typeOf(a)) - rank(typeOf(b)));
  /** Index of the last file that may add customer ids (its type has a customer_id column, or is not known). */
  const lastWithCustomerIds = ordered.reduce((last, p, i) => {
    const t = typeOf(p);
    return t === undefined || t.columns.some((c) => c.name === 'customer_id') ? i : last;
  }, -1);
  const csv = options.issuesCsvPath ? new IssuesCsvWriter(options.issuesCsvPath) : undefined;
  const state = new DeliveryState(options.context ?? {});
  const collectors: FileIssues[] = [];
  const files: ReportFile[] = [];
  /** The issues of each file, in the order of `files` (findings after the files were read go there too). */
  const fileIssues: FileIssues[] = [];
  const truncated: string[] = [];
  const stamps: string[] = [];
  const utilities = new Set<string>();
  const standards = new Set<string>();
  const fileTypes: string[] = [];
  let totalBytes = 0;
  const sizes = await Promise.all(ordered.map(async (p) => (await import('node:fs/promises')).stat(p).then((s) => s.size, () => 0)));
  const total = sizes.reduce((a, b) => a + b, 0);

  // One reader thread for the delivery's files, one after the other (reader-client.ts), started now when a file
  // will want it, so that its start overlaps this thread's.
  const readerPool = new ReaderPool();
  if (ordered.some((p, i) => {
    const parsed = parsedOf.get(p);
    return parsed?.standard !== undefined && parsed.fileType !== undefined && readerThreadWanted(parsed.standard.id, parsed.fileType.id, sizes[i] ?? 0);
  })) readerPool.warm();
  try {
    for (const [i, path] of ordered.entries()) {
      const before = totalBytes;
      const result = await validateFile({
        path,
        displayName: displayName(path),
        forcedStandard: forced,
        profile,
        delivery: state,
        showPii: options.showPii === true,
        issues: (name, fileType) => {
          const c = new FileIssues(name, fileType, maxExamples, csv);
          collectors.push(c);
          fileIssues[i] = c;
          return c;
        },
        onProgress: options.onProgress ? (bytes) => options.onProgress?.(Math.min(before + bytes / 5, total), total) : undefined,
        drain: csv ? () => csv.drain() : undefined,
        readerPool,
      });
      totalBytes += sizes[i] ?? 0;
      if (i < ordered.length - 1) {
        if (i >= lastWithCustomerIds) state.closeCustomerIds();
        releaseMemory();
      }
      options.onProgress?.(totalBytes, total);
      files.push(result.file);
      truncated.push(...result.truncated);
      if (result.parsed.stamp) stamps.push(result.parsed.stamp);
      if (result.parsed.utility) utilities.add(result.parsed.utility);
      if (result.file.standard) standards.add(result.file.standard);
      if (result.file.fileType) fileTypes.push(result.file.fileType);
    }

    // Interval sums against loaded bills: asked for only now, the one async look-up of the store.
    await compareBilledUsage(state, profile.interval.billUsageTolerance);
    for (const [i, f] of files.entries()) {
      const c = fileIssues[i];
      if (c && c.warnings !== f.warnings) files[i] = { ...f, warnings: c.warnings };
    }

    const delivery = new FileIssues(undefined, undefined, maxExamples, csv);
    collectors.push(delivery);
    const emit = (code: string, occ: Parameters<FileIssues['add']>[3]) => delivery.add(codeIndex(code), -1, undefined, occ);
    const expectedCode = options.utility !== undefined ? fileNameCodeOf(options.utility, profile) : undefined;
    const foreign = expectedCode === undefined ? [] : [...utilities].filter((u) => u !== expectedCode);
    if (foreign.length > 0) emit('DELIVERY_WRONG_UTILITY', { received: foreign.join(', '), expected: expectedCode, detail: `The files name utility ${foreign.join(', ')}; the delivery is for ${expectedCode}.` });
    if (utilities.size > 1) emit('DELIVERY_MIXED', { received: [...utilities].join(', '), detail: `The files name several utilities: ${[...utilities].join(', ')}.` });
    if (standards.has('legacy-billing')) checkLayout(fileTypes, state.context.knownServicePoint !== undefined, emit);
    const standardId = forced?.id ?? (standards.size === 1 ? [...standards][0] : undefined);
    if (options.phase && standardId) {
      runPhaseChecks({ phase: options.phase, asOf, state, profile, stamps, standard: standardId }, (code, occ) => emit(code, occ));
    }
  } finally {
    await readerPool.close();
    await csv?.close();
  }

  const issues: ReportIssue[] = collectors.flatMap((c) => c.issues());
  const rank2 = { error: 0, warning: 1, info: 2 } as const;
  issues.sort((a, b) => rank2[a.severity] - rank2[b.severity] || b.count - a.count || a.code.localeCompare(b.code));
  const count = (sev: 'error' | 'warning' | 'info') => issues.filter((i) => i.severity === sev).reduce((n, i) => n + i.count, 0);
  const errors = count('error');
  const standard = forced?.id ?? (standards.size === 1 ? [...standards][0] : undefined);
  return {
    tool: 'intake',
    version: VERSION,
    generatedAt: new Date().toISOString(),
    ...(standard ? { standard } : {}),
    ...(options.phase ? { phase: options.phase, asOf } : {}),
    summary: { files: files.length, rows: files.reduce((n, f) => n + f.rows, 0), errors, warnings: count('warning'), infos: count('info'), passed: errors === 0 },
    files,
    issues,
    profile: renderProfile(state),
    truncated,
    elapsedMs: Date.now() - started,
  };
}

function rank(t: FileTypeSpec | undefined): number {
  // Definition files (fileOrder 0) are read before the files that refer to them.
  return t !== undefined ? (FILE_ORDER[t.id] ?? t.fileOrder ?? 3) : 4;
}

/** Legacy billing: one full file, or customer + usage (usage alone only when the store knows the service points). */
function checkLayout(types: string[], storeKnowsServicePoints: boolean, emit: (code: string, occ: Parameters<FileIssues['add']>[3]) => void): void {
  const has = (t: string) => types.includes(t);
  const describe = types.length ? types.join(' + ') : 'no recognised files';
  if (has('full') && (has('customer') || has('usage'))) {
    emit('DELIVERY_LAYOUT', { received: describe, expected: 'one full file, or a customer file with a usage file' });
  } else if (has('usage') && !has('customer') && !storeKnowsServicePoints) {
    emit('DELIVERY_LAYOUT', { received: describe, expected: 'a customer file with the usage file (or customer data already loaded)' });
  }
}

export { CATALOGUE };
