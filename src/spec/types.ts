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
  | 'utc-offset'; // ±HH:MM

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
  /** Whether the column's existence and position are documented, or Intake's completion. */
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
  readonly extensions: readonly string[];
  readonly maxLength: number;
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
