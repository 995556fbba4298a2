/**
 * The standards as frozen, typed data. A spec never changes in place: a new version of a standard is a new
 * object. Every column and rule says whether it comes from the public documentation (`documented`) or is
 * Intake's completion of a gap (`intake`, shown as *(Intake)* in docs and UI).
 */

/** Where a column or rule comes from. */
export type RuleSource = 'documented' | 'intake';

/** The value types a column reader understands. Each type has one compiled reader in validate/. */
export type ColumnType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'date' // yyyyMMdd, a real calendar date
  | 'time' // HHmm, 24-hour
  | 'enum'
  | 'zip' // 12345, 12345-6789 or 123456789
  | 'email'
  | 'phone' // 10 digits, punctuation allowed
  | 'state' // two letters
  | 'language' // two-letter code
  | 'utc-offset' // ±HH:MM
  | 'datetime' // yyyyMMdd HHmm (supplemental standards)
  | 'timestamp' // yyyyMMdd HHmmss (call center)
  | 'iso-datetime' // YYYY-MM-DD[(T| )hh:mm[:ss][Z|±hh:mm]] (billing, account, unsubscribe)
  | 'currency' // ISO 4217 alphabetic code
  | 'country' // ISO 3166-1 alpha-2: two upper-case letters
  | 'locale' // <ISO 639-1 language>_<ISO 3166-1 country>, e.g. en_US
  | 'identifier' // letters, digits, underscore, hyphen, period
  | 'label'; // letters, underscore, hyphen, period (no digits)

/** When a column must hold a value. `conditional` columns name the rule that decides. */
export type Requirement =
  | { readonly kind: 'required'; readonly source: RuleSource }
  | { readonly kind: 'optional' }
  | { readonly kind: 'conditional'; readonly when: string; readonly source: RuleSource };

export interface ColumnSpec {
  readonly name: string;
  /** The entity block this column belongs to (Customer, Account, ServicePoint, Usage, Interval, …). */
  readonly entity: string;
  readonly type: ColumnType;
  readonly requirement: Requirement;
  /**
   * `documented` when the column's name, position, type and allowed values are all documented; `intake` when
   * Intake completed any of them (the description says which part). Requiredness has its own source.
   */
  readonly source: RuleSource;
  readonly description: string;
  readonly format?: string;
  readonly maxLength?: number;
  /** Allowed values of an enum column (the profile may add more). */
  readonly allowed?: readonly string[];
  /** Numeric bounds (inclusive) and precision for integer/decimal columns. */
  readonly min?: number;
  readonly max?: number;
  readonly maxDecimals?: number;
  /** Section of the spec this column is described in, e.g. "legacy-billing §7.4". */
  readonly specRef: string;
  /** Personal data: masked in reports unless --show-pii. */
  readonly pii?: boolean;
  /** Only ASCII characters are accepted (unsubscribe e-mail addresses). */
  readonly asciiOnly?: boolean;
}

/** A rule beyond one column: row rules, rules across rows, files and phases. */
export interface RuleSpec {
  readonly id: string;
  readonly scope: 'file' | 'row' | 'entity' | 'delivery' | 'phase';
  readonly text: string;
  readonly source: RuleSource;
  /** Diagnostic codes this rule can raise. */
  readonly codes: readonly string[];
  readonly specRef: string;
}

/**
 * A rule about the fields of one row, written as data so that one generic check applies it to any file type
 * (checks/spec-rows.ts). Column names refer to the file type's own columns.
 */
export type RowRule =
  /** `end` is after `start` (strictly, or on/after) when both are set. */
  | { readonly kind: 'order'; readonly start: string; readonly end: string; readonly strict: boolean; readonly source: RuleSource }
  /** At least one of `columns` holds a value; with `when`, only on rows whose `when.column` equals `when.value`. */
  | { readonly kind: 'one-of'; readonly columns: readonly string[]; readonly when?: { readonly column: string; readonly value: string }; readonly source: RuleSource }
  /** A deletion flag may only be set when the utility profile allows deletion. */
  | { readonly kind: 'deletion'; readonly column: string; readonly source: RuleSource };

/**
 * Rows of this file type refer to rows of another file type of the same standard (checks/references.ts).
 * Checked only when the target file is part of the delivery, unless `targetRequired` says the delivery must
 * carry it.
 */
export interface ReferenceSpec {
  readonly columns: readonly string[];
  readonly target: string;
  readonly targetColumns: readonly string[];
  /** Diagnostic raised when the row's key is not among the target's keys. */
  readonly code: string;
  readonly source: RuleSource;
  /** The target file must be part of the same delivery (a warning otherwise). */
  readonly targetRequired?: boolean;
  /** The row's `column` must not be later than the referenced row's `targetColumn` (e.g. an inactive date). */
  readonly notAfter?: { readonly column: string; readonly targetColumn: string; readonly code: string };
}

/** One physical file type of a standard, e.g. legacy billing `customer`. */
export interface FileTypeSpec {
  readonly id: string;
  readonly title: string;
  /** The literal type token of the file name, or a pattern with one capture (interval<mm>). */
  readonly nameToken: string;
  readonly namePattern?: string;
  readonly columns: readonly ColumnSpec[];
  /** Columns whose values identify a row (round diffs, examples); e.g. service_point_id and date_to. */
  readonly keyColumns: readonly string[];
  /** Entity blocks in order; a column's entity names its block. */
  readonly blocks: readonly string[];
  /** A layout groups file types that are sent together (legacy billing: two-file or single-file). */
  readonly layout?: string;
  /** Field separator; tab unless said otherwise (unsubscribe files are comma-separated). */
  readonly delimiter?: '\t' | ',';
  /** Files of a delivery are read in ascending fileOrder (default 3): definition files come first. */
  readonly fileOrder?: number;
  /** Row rules applied by the generic row check. */
  readonly rowRules?: readonly RowRule[];
  /** References to other file types of the same standard. */
  readonly references?: readonly ReferenceSpec[];
  /**
   * Periods per key (e.g. bill segments per service agreement) checked across the file after its last row:
   * overlapping periods raise `overlapCode`; with `gapCode`, a period that does not start where the previous one
   * ended raises it. A repeated key + start is a correction, not an overlap. An empty end is open-ended.
   */
  readonly timeline?: { readonly key: readonly string[]; readonly start: string; readonly end: string; readonly overlapCode: string; readonly gapCode?: string; readonly source: RuleSource };
  /** Columns whose values must be unique within the file (a repeat is DUPLICATE_KEY). */
  readonly uniqueKey?: readonly string[];
}

export interface VersionEntry {
  readonly version: string;
  readonly date: string;
  readonly change: string;
}

export interface FileNameConvention {
  /** Human form of the pattern, e.g. `opwr_<utility>_res_<version>_<type>_<yyyyMMddHHmmss>.<gz or zip>`. */
  readonly pattern: string;
  readonly hasPopulation: boolean;
  /** The population token may be left out (`[res_]` in the pattern). Only with hasPopulation. */
  readonly populationOptional?: boolean;
  /** Accepted extensions; an uncompressed one listed here (e.g. `csv`) draws no FILE_UNCOMPRESSED warning. */
  readonly extensions: readonly string[];
  readonly maxLength: number;
  /** Type tokens no longer accepted: recognised only to say so (FILE_TYPE_DEPRECATED). */
  readonly deprecatedTypes?: readonly { readonly token: string; readonly reason: string }[];
}

export type StandardId =
  | 'legacy-billing'
  | 'billing'
  | 'account'
  | 'premise'
  | 'interval'
  | 'program-participation'
  | 'unsubscribe'
  | 'customer-classification'
  | 'call-center'
  | 'rates';

export type Phase = 'sample' | 'full' | 'incremental';

export interface StandardSpec {
  readonly id: StandardId;
  readonly title: string;
  readonly version: string;
  /** `intake` when the current version is not documented: another version is then a warning, not an error. */
  readonly versionSource?: RuleSource;
  readonly versions: readonly VersionEntry[];
  readonly summary: string;
  readonly fileName: FileNameConvention;
  readonly fileTypes: readonly FileTypeSpec[];
  readonly layouts: readonly { readonly id: string; readonly fileTypes: readonly string[]; readonly description: string }[];
  readonly rules: readonly RuleSpec[];
  /** Phases this standard goes through (interval skips `full`). */
  readonly phases: readonly Phase[];
  /** The spec document this module was written from. */
  readonly docRef: string;
}
