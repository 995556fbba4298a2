/** Rules shared by every standard (spec/DECISIONS.md "General file rules"). */
import type { RuleSpec } from './types.js';

export const POPULATION_TOKENS = ['res', 'nonres', 'nonres-smb', 'nonres-lci'] as const;

/** Tokens that mean "no value" in other systems; empty string is the only null (DECISIONS). */
export const NULL_LIKE_TOKENS = ['NULL', 'null', '\\N', 'NA', 'N/A'] as const;

export const MAX_FILE_NAME_LENGTH = 255; // (Intake)

/** The largest line the reader assembles; a longer one is reported and skipped, never buffered whole. */
export const MAX_LINE_BYTES = 1024 * 1024;

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY',
  'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH',
  'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'VI', 'GU',
  'AS', 'MP',
] as const;

/** File-level rules that hold for every standard. */
export const GENERAL_RULES: readonly RuleSpec[] = [
  {
    id: 'file-name', scope: 'file', source: 'documented', specRef: '00-process-and-transfer §5',
    text: 'The file name follows opwr_<utility>_<population>_<version>_<type>_<yyyyMMddHHmmss>.<ext>; the utility code has 3–4 lowercase letters or digits; the stamp is a real date-time; a leading v on the version is accepted (Intake); at most 255 characters (Intake).',
    codes: ['FILE_NAME_INVALID', 'FILE_NAME_UTILITY', 'FILE_NAME_STAMP', 'FILE_NAME_TOO_LONG', 'FILE_VERSION_OLD', 'FILE_VERSION_UNKNOWN', 'FILE_TYPE_UNKNOWN'],
  },
  {
    id: 'compression', scope: 'file', source: 'documented', specRef: '00-process-and-transfer §4',
    text: 'gzip, or zip holding exactly one file and no folders; uncompressed .txt/.tsv is accepted with a warning (Intake). A corrupt or truncated archive is an error.',
    codes: ['ARCHIVE_CORRUPT', 'ARCHIVE_TRUNCATED', 'ZIP_MULTIPLE_FILES', 'ZIP_HAS_FOLDER', 'ZIP_EMPTY', 'FILE_UNCOMPRESSED', 'FILE_EXTENSION_MISMATCH', 'FILE_DECOMPRESSION_RATIO'],
  },
  {
    id: 'encoding', scope: 'file', source: 'documented', specRef: '00-process-and-transfer §4',
    text: 'UTF-8; a byte order mark is tolerated with a warning (Intake); invalid UTF-8 is an error with its line. LF or CRLF line ends.',
    codes: ['ENCODING_INVALID_UTF8', 'ENCODING_BOM', 'LINE_TOO_LONG', 'FILE_EMPTY', 'FILE_NO_ROWS'],
  },
  {
    id: 'header', scope: 'file', source: 'documented', specRef: '00-process-and-transfer §4',
    text: 'One header row equal to the column list in order; missing, renamed or reordered columns are errors; extra columns at the end are a warning, in the middle an error (Intake).',
    codes: ['HEADER_MISSING_COLUMN', 'HEADER_RENAMED_COLUMN', 'HEADER_ORDER', 'HEADER_EXTRA_COLUMN_END', 'HEADER_EXTRA_COLUMN_MIDDLE', 'HEADER_DUPLICATE_COLUMN'],
  },
  {
    id: 'row-shape', scope: 'row', source: 'documented', specRef: '00-process-and-transfer §4',
    text: 'Every row has exactly as many fields as the header; too many and too few are told apart.',
    codes: ['ROW_TOO_FEW_FIELDS', 'ROW_TOO_MANY_FIELDS', 'ROW_BLANK'],
  },
  {
    id: 'nulls', scope: 'row', source: 'intake', specRef: 'DECISIONS General file rules',
    text: 'Empty string is null; NULL, null, \\N, NA and N/A get a warning (typed fields also fail their type check).',
    codes: ['FIELD_NULL_TOKEN'],
  },
  {
    id: 'numbers', scope: 'row', source: 'intake', specRef: 'DECISIONS General file rules',
    text: 'Decimals use . and no thousands separators; no scientific notation.',
    codes: ['FIELD_BAD_NUMBER', 'FIELD_NUMBER_COMMA', 'FIELD_NUMBER_EXPONENT'],
  },
];
