/** The one report shape: it feeds the CLI, the API, the UI, the receipts and the tests (contract.md). */
import type { Severity } from '../checks/catalogue.js';

export interface ReportExample {
  /** 1-based line of the decompressed file; the header is line 1. Absent for file-level issues. */
  readonly line?: number;
  /** The offending value, masked when it is personal data (unless --show-pii). */
  readonly value?: string;
  /** The row's key (e.g. service point and date), for round-over-round diffs. */
  readonly key?: string;
  /** A per-occurrence sentence when the issue's message cannot carry the detail. */
  readonly detail?: string;
}

export interface ReportIssue {
  readonly code: string;
  readonly severity: Severity;
  readonly file?: string;
  readonly fileType?: string;
  readonly column?: string;
  /** True number of occurrences, even when examples are capped. */
  readonly count: number;
  readonly message: string;
  readonly hint: string;
  readonly specRef: string;
  readonly examples: readonly ReportExample[];
  /** Stable identity across rounds: code, file type and column. */
  readonly fingerprint: string;
}

export interface ReportFile {
  readonly name: string;
  readonly standard?: string;
  readonly fileType?: string;
  readonly rows: number;
  /** Compressed bytes on disk. */
  readonly bytes: number;
  readonly uncompressedBytes: number;
  readonly compression: 'gzip' | 'zip' | 'none' | 'unknown';
  readonly errors: number;
  readonly warnings: number;
  readonly stamp?: string;
  readonly intervalMinutes?: number;
}

export interface ReportSummary {
  readonly files: number;
  readonly rows: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly passed: boolean;
}

export interface Report {
  readonly tool: 'intake';
  readonly version: string;
  readonly generatedAt: string;
  readonly standard?: string;
  readonly phase?: string;
  readonly asOf?: string;
  readonly summary: ReportSummary;
  readonly files: readonly ReportFile[];
  readonly issues: readonly ReportIssue[];
  /** Data-quality profile (free in shape; see validate/profile-data.ts). */
  readonly profile: Record<string, unknown>;
  /** Sentences about anything a budget cut short; empty when nothing was. */
  readonly truncated: readonly string[];
  readonly elapsedMs: number;
}
