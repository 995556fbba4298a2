/**
 * The one catalogue of diagnostics. A code is stable forever: wording may improve, a code is never reused or
 * renamed. docs/diagnostics.md is generated from this list and a test keeps the two in step.
 */

export type Severity = 'error' | 'warning' | 'info';
export type Scope = 'file' | 'row' | 'field' | 'entity' | 'delivery' | 'phase';

export interface DiagnosticDef {
  readonly code: string;
  readonly severity: Severity;
  readonly scope: Scope;
  readonly title: string;
  /** Sentence with {column}, {expected} and {received} placeholders. */
  readonly template: string;
  readonly hint: string;
  readonly specRef: string;
}

const d = (code: string, severity: Severity, scope: Scope, title: string, template: string, hint: string, specRef: string): DiagnosticDef =>
  Object.freeze({ code, severity, scope, title, template, hint, specRef });

export const CATALOGUE: readonly DiagnosticDef[] = Object.freeze([
  // File name
  d('FILE_NAME_INVALID', 'error', 'file', 'File name does not follow the convention', 'The file name does not follow the naming convention: expected {expected}, got {received}.', 'Rename the file to opwr_<utility>_<population>_<version>_<type>_<yyyyMMddHHmmss>.<gz or zip>.', '00-process-and-transfer §5'),
  d('FILE_NAME_UTILITY', 'error', 'file', 'Bad utility code in the file name', 'The utility code in the file name must be {expected}; got "{received}".', 'Use the 3–4 character code agreed with the delivery team, in lowercase.', '00-process-and-transfer §5'),
  d('FILE_NAME_STAMP', 'error', 'file', 'Bad stamp in the file name', 'The file name stamp must be {expected}; got "{received}".', 'Stamp the file with its generation time as yyyyMMddHHmmss, e.g. 20250131235959.', '00-process-and-transfer §5'),
  d('FILE_NAME_TOO_LONG', 'error', 'file', 'File name too long', 'The file name is {received} characters long; at most {expected}.', 'Shorten the file name to the convention; no extra suffixes.', 'DECISIONS General file rules'),
  d('FILE_NAME_INTERVAL', 'error', 'file', 'Unsupported interval length', 'The interval length in the file name must be {expected} minutes; got {received}.', 'Name interval files interval5, interval15, interval30, interval60 or interval1440.', 'interval §3'),
  d('FILE_TYPE_UNKNOWN', 'error', 'file', 'Unknown file type', 'The file type "{received}" is not one of {expected}.', 'Use the data type word of the standard in the file name (e.g. customer, usage, full, interval60).', '00-process-and-transfer §5'),
  d('FILE_VERSION_OLD', 'warning', 'file', 'Older spec version', 'The file is named for spec version {received}; the current version is {expected}.', 'Move the extract to the current version and name the file with it.', '00-process-and-transfer §5'),
  d('FILE_VERSION_UNKNOWN', 'error', 'file', 'Unknown spec version', 'The spec version {received} in the file name is not a known version; the current one is {expected}.', 'Write the version as three numbers separated by hyphens, e.g. 1-19-0.', '00-process-and-transfer §5'),
  d('FILE_VERSION_UNCONFIRMED', 'warning', 'file', 'Spec version not confirmed', 'The file is named for spec version {received}; Intake expects {expected}, but the current version of this standard is not documented.', 'Confirm the current version with the delivery team and name the file with it.', 'DECISIONS (Intake)'),
  d('FILE_TYPE_DEPRECATED', 'error', 'file', 'File type no longer accepted', 'The file type "{received}" is deprecated: {expected}.', 'Stop sending this file; the delivery team has the replacement.', 'supplemental §E.1'),
  d('FILE_STANDARD_UNKNOWN', 'error', 'file', 'Standard not recognised', 'The standard of this file could not be told from its name{received}.', 'Name the file by the convention, or pass --standard.', '00-process-and-transfer §5'),
  // Compression and archives
  d('ARCHIVE_CORRUPT', 'error', 'file', 'Corrupt archive', 'The archive cannot be read: {received}.', 'Compress the file again with gzip (or zip holding one file) and resend it.', '00-process-and-transfer §4'),
  d('ARCHIVE_TRUNCATED', 'error', 'file', 'Truncated archive', 'The archive ends before its data does ({received}); the file was cut short.', 'Resend the whole file; check that the transfer completed.', '00-process-and-transfer §4'),
  d('ZIP_MULTIPLE_FILES', 'error', 'file', 'Zip holds several files', 'The zip archive holds {received} files; exactly one is allowed.', 'Send one zip per data file, or use gzip.', 'legacy-billing §5 (v1-18-0)'),
  d('ZIP_HAS_FOLDER', 'error', 'file', 'Zip holds a folder', 'The zip archive holds a folder ({received}); only one file and no folders are allowed.', 'Zip the data file alone, without folders.', '00-process-and-transfer §4'),
  d('ZIP_EMPTY', 'error', 'file', 'Empty zip', 'The zip archive holds no file.', 'Zip the data file.', '00-process-and-transfer §4'),
  d('FILE_UNCOMPRESSED', 'warning', 'file', 'Uncompressed file', 'The file is not compressed.', 'Compress with gzip; it is strongly preferred and much faster to transfer.', '00-process-and-transfer §4'),
  d('FILE_EXTENSION_MISMATCH', 'error', 'file', 'Extension does not match content', 'The file is named .{expected} but its content is {received}.', 'Name the file after its real compression (.gz for gzip, .zip for zip).', '00-process-and-transfer §4'),
  d('FILE_DECOMPRESSION_RATIO', 'error', 'file', 'Decompression bomb', 'The file expands more than {expected} times ({received}); reading stopped.', 'Send real data: this ratio only happens with padding or corrupt data.', 'Intake'),
  d('FILE_EMPTY', 'error', 'file', 'Empty file', 'The file is empty: no header and no rows.', 'Send the file with its header row and data.', '00-process-and-transfer §4'),
  d('FILE_NO_ROWS', 'warning', 'file', 'No data rows', 'The file has a header but no data rows.', 'Check the extract: it produced no rows.', '00-process-and-transfer §4'),
  d('FILE_READ_FAILED', 'error', 'file', 'File could not be read', 'The file could not be read: {received}.', 'Check the file and send it again.', 'Intake'),
  // Encoding and lines
  d('ENCODING_INVALID_UTF8', 'error', 'row', 'Invalid UTF-8', 'The line holds bytes that are not valid UTF-8.', 'Export the file as UTF-8 (not Latin-1 or Windows-1252).', '00-process-and-transfer §4'),
  d('ENCODING_BOM', 'warning', 'file', 'Byte order mark', 'The file starts with a UTF-8 byte order mark.', 'Export UTF-8 without a BOM.', 'DECISIONS General file rules'),
  d('LINE_TOO_LONG', 'error', 'row', 'Line too long', 'The line is longer than {expected} bytes ({received}); it was skipped.', 'Check line ends and tabs in the export; a data line is never this long.', 'Intake'),
  d('ROW_BLANK', 'warning', 'row', 'Blank line', 'The line is blank.', 'Remove blank lines from the file.', '00-process-and-transfer §4'),
  // Header
  d('HEADER_MISSING_COLUMN', 'error', 'file', 'Column missing from the header', 'The header lacks the column {expected}.', 'Add every column of the spec to the header in order, even when it is empty.', '00-process-and-transfer §4'),
  d('HEADER_RENAMED_COLUMN', 'error', 'file', 'Column renamed in the header', 'Header column {column} should be named {expected}; got {received}.', 'Use the column names of the spec exactly.', '00-process-and-transfer §4'),
  d('HEADER_ORDER', 'error', 'file', 'Columns out of order', 'The header has {received} at position {column}; the spec has {expected} there.', 'Put the columns in the order of the spec.', '00-process-and-transfer §4'),
  d('HEADER_EXTRA_COLUMN_END', 'warning', 'file', 'Extra column at the end', 'The header has an extra column {received} after the spec columns.', 'Extra columns at the end need agreement with the delivery team; otherwise remove them.', '00-process-and-transfer §4'),
  d('HEADER_EXTRA_COLUMN_MIDDLE', 'error', 'file', 'Extra column in the middle', 'The header has an extra column {received} among the spec columns.', 'Remove the column; extra columns may only follow the spec columns.', '00-process-and-transfer §4'),
  d('HEADER_DUPLICATE_COLUMN', 'error', 'file', 'Column named twice', 'The header names the column {received} twice.', 'Name each column once.', '00-process-and-transfer §4'),
  // Row shape
  d('ROW_TOO_FEW_FIELDS', 'error', 'row', 'Too few fields', 'The row has {received} fields; the header has {expected}.', 'Every row carries every column: keep the tab of an empty field.', '00-process-and-transfer §4'),
  d('ROW_TOO_MANY_FIELDS', 'error', 'row', 'Too many fields', 'The row has {received} fields; the header has {expected}.', 'Check for tabs inside values; remove them or replace them with spaces.', '00-process-and-transfer §4'),
  d('ROW_BAD_QUOTE', 'error', 'row', 'Quote not closed', 'The line ends inside a quoted field; the row was not checked further.', 'Close every quoted field on the same line and double any quote inside it ("").', 'supplemental §B.2 (RFC 4180)'),
  // Fields
  d('FIELD_REQUIRED', 'error', 'field', 'Required field empty', 'The required field {column} is empty.', 'Fill the field; it cannot be empty.', 'Documentation conventions'),
  d('FIELD_NULL_TOKEN', 'warning', 'field', 'Null written as a word', 'The field {column} holds "{received}"; a missing value is an empty field.', 'Write nothing (an empty field) instead of NULL, \\N, NA or N/A.', 'DECISIONS General file rules'),
  d('FIELD_BAD_DATE', 'error', 'field', 'Bad date', 'The field {column} must be a real date yyyyMMdd; got "{received}".', 'Write dates as yyyyMMdd, e.g. 20250131.', 'legacy-billing §5'),
  d('FIELD_BAD_TIME', 'error', 'field', 'Bad time', 'The field {column} must be a time HHmm; got "{received}".', 'Write times as HHmm on a 24-hour clock, e.g. 1345.', 'interval §5'),
  d('FIELD_BAD_NUMBER', 'error', 'field', 'Not a number', 'The field {column} must be a number; got "{received}".', 'Write plain decimal numbers: digits, an optional minus and one dot.', 'DECISIONS General file rules'),
  d('FIELD_NUMBER_COMMA', 'error', 'field', 'Comma in a number', 'The field {column} holds a comma: "{received}".', 'Remove thousands separators; use . for decimals.', 'legacy-billing §7.4'),
  d('FIELD_NUMBER_EXPONENT', 'error', 'field', 'Scientific notation', 'The field {column} uses scientific notation: "{received}".', 'Write the number out in full, e.g. 1200 not 1.2E3.', 'DECISIONS General file rules'),
  d('FIELD_NOT_INTEGER', 'error', 'field', 'Not a whole number', 'The field {column} must be a whole number; got "{received}".', 'Write a whole number without decimals.', 'DECISIONS Legacy billing'),
  d('FIELD_OUT_OF_RANGE', 'error', 'field', 'Number out of range', 'The field {column} must be {expected}; got {received}.', 'Check units and the extract logic for this field.', 'legacy-billing §7.4'),
  d('FIELD_TOO_MANY_DECIMALS', 'error', 'field', 'Too many decimals', 'The field {column} allows {expected} decimal places; got "{received}".', 'Round amounts to cents.', 'DECISIONS Legacy billing'),
  d('FIELD_BAD_ENUM', 'error', 'field', 'Value not allowed', 'The field {column} must be one of {expected}; got "{received}".', 'Map the value to one of the allowed values; the list is exhaustive.', 'Documentation conventions'),
  d('FIELD_TOO_LONG', 'error', 'field', 'Value too long', 'The field {column} allows {expected} characters; got {received}.', 'Shorten the value.', 'legacy-billing §7'),
  d('FIELD_BAD_ZIP', 'error', 'field', 'Bad ZIP code', 'The field {column} must be a ZIP code 12345, 12345-6789 or 123456789; got "{received}".', 'Send 5-digit ZIP or ZIP+4 codes; keep leading zeros.', 'legacy-billing §7.3'),
  d('FIELD_BAD_STATE', 'error', 'field', 'Bad state code', 'The field {column} must be a two-letter state code; got "{received}".', 'Use the USPS two-letter code, e.g. VA.', 'legacy-billing §7.3'),
  d('FIELD_BAD_EMAIL', 'error', 'field', 'Bad e-mail address', 'The field {column} does not look like an e-mail address: "{received}".', 'Send a single address like name@example.com, or leave the field empty.', 'DECISIONS Legacy billing'),
  d('FIELD_BAD_PHONE', 'error', 'field', 'Bad phone number', 'The field {column} must have 10 digits; got "{received}".', 'Send a 10-digit number; punctuation such as (555) 123-4567 is fine.', 'DECISIONS Legacy billing'),
  d('FIELD_BAD_LANGUAGE', 'error', 'field', 'Bad language code', 'The field {column} must be a two-letter language code; got "{received}".', 'Use ISO 639-1 codes such as en or es.', 'DECISIONS Legacy billing'),
  d('FIELD_BAD_OFFSET', 'error', 'field', 'Bad UTC offset', 'The field {column} must be an offset ±HH:MM; got "{received}".', 'Write offsets like -05:00.', 'DECISIONS Interval'),
  d('FIELD_BAD_DATETIME', 'error', 'field', 'Bad date-time', 'The field {column} must be a real date-time {expected}; got "{received}".', 'Write the date-time exactly in the format the spec gives for this field, e.g. 20250131 1345.', 'Documentation conventions'),
  d('FIELD_BAD_CURRENCY', 'error', 'field', 'Bad currency code', 'The field {column} must be an ISO 4217 currency code; got "{received}".', 'Use three capital letters such as USD, EUR or GBP.', 'billing §6.1'),
  d('FIELD_BAD_COUNTRY', 'error', 'field', 'Bad country code', 'The field {column} must be a two-letter ISO 3166-1 country code; got "{received}".', 'Use two capital letters such as US or CA.', 'account §6.5'),
  d('FIELD_BAD_LOCALE', 'error', 'field', 'Bad language preference', 'The field {column} must be a language and country pair like en_US; got "{received}".', 'Write the ISO 639-1 language, an underscore and the ISO 3166-1 country, e.g. es_US.', 'account §6.2'),
  d('FIELD_BAD_IDENTIFIER', 'error', 'field', 'Character not allowed in an identifier', 'The field {column} may hold only {expected}; got "{received}".', 'Remove spaces and special characters; keep one letter case for the same identifier.', 'supplemental §A.3'),
  d('FIELD_NOT_ASCII', 'error', 'field', 'Non-ASCII character', 'The field {column} may hold only ASCII characters; got "{received}".', 'Addresses with non-ASCII characters are not supported; leave such rows out.', 'supplemental §B.3'),
  d('FIELD_CONTROL_CHARACTER', 'error', 'field', 'Control character in a value', 'The field {column} holds a control character.', 'Remove carriage returns, NUL and other control characters from values.', 'Intake'),
  // Row rules
  d('ROW_CONDITIONAL_REQUIRED', 'error', 'field', 'Field required here', 'The field {column} is required when {expected}.', 'Fill the field for rows of this kind.', 'DECISIONS Legacy billing'),
  d('ROW_DATES_ORDER', 'error', 'row', 'Dates in the wrong order', 'inactive_date {received} is before active_date {expected}.', 'An account ends after it starts: check both dates.', 'DECISIONS Legacy billing'),
  d('ROW_DELETION_NOT_ALLOWED', 'error', 'field', 'Account deletion not enabled', 'The deletion flag {column} is set but deletion is not enabled for this utility.', 'Ask the delivery team to enable deletion, or leave the field empty.', 'legacy-billing §7.2'),
  d('ROW_END_BEFORE_START', 'error', 'row', 'End not after start', 'The field {column} ({received}) must be after {expected}.', 'An end date is empty or later than its start date; check both fields.', 'account §4'),
  d('ROW_ONE_OF_REQUIRED', 'error', 'row', 'None of several fields filled', 'At least one of {expected} must hold a value{received}.', 'Fill one of the fields for rows of this kind.', 'Documentation conventions'),
  d('USAGE_ZERO', 'warning', 'field', 'Zero usage', 'usage_value is zero.', 'Check the read: usage must be greater than zero.', 'DECISIONS Legacy billing'),
  d('USAGE_NEGATIVE', 'error', 'field', 'Negative usage', 'usage_value is negative ({received}) and negative usage is not enabled.', 'Send net usage only when the delivery team has enabled negative usage.', 'legacy-billing §7.4 (v1-17-0)'),
  d('USAGE_NEGATIVE_CHARGE', 'warning', 'field', 'Negative charge', 'usage_charge is negative ({received}).', 'Check credits: a negative charge needs a look.', 'DECISIONS Legacy billing'),
  d('USAGE_ODD_CYCLE', 'warning', 'field', 'Unusual bill cycle', 'duration {received} days is not a monthly, bi-monthly, quarterly or annual cycle.', 'Check the read dates; cycles are 25–35, 55–65, 85–95 or 360–370 days.', 'DECISIONS Legacy billing'),
  // Entities and reads
  d('READ_OUT_OF_ORDER', 'error', 'entity', 'Reads out of order', 'The read ending {received} comes after a read ending {expected} for the same service point.', 'Sort usage rows by service point, then by date_to, oldest first.', 'legacy-billing §6'),
  d('READ_CORRECTION', 'info', 'entity', 'Correction of an earlier read', 'The read for the period ending {received} repeats an earlier one; the later row is a correction.', 'Nothing to do if this is a correction; otherwise remove the duplicate.', 'legacy-billing §6'),
  d('READ_OVERLAPPING_OVERWRITE', 'info', 'entity', 'Overlapping overwrite', 'The read ending {received} covers earlier reads and replaces them (overlapping overwrite).', 'Nothing to do if this is a correction of several periods.', 'legacy-billing §6'),
  d('READ_OVERLAP', 'error', 'entity', 'Overlapping reads', 'The read {received} overlaps the read {expected} of the same service point and is not a valid correction.', 'Read periods of a service point must not overlap; a correction repeats the period exactly or covers whole earlier periods.', 'legacy-billing §6'),
  d('ENTITY_REPEATED', 'info', 'entity', 'Record repeated', 'The {column} record {received} appears again; the last one wins.', 'Nothing to do if the last record is the current one.', 'legacy-billing §6'),
  d('DUPLICATE_KEY', 'error', 'entity', 'Key repeated in the file', 'The key {received} appears again in this file; {expected} must be unique.', 'Send each record once per file; check the extract for joins that repeat rows.', 'Documentation conventions'),
  d('REF_TARGET_MISSING', 'warning', 'delivery', 'Definition file not in the delivery', 'The delivery has no {expected} file, so the {received} rows could not be checked against it.', 'Send the definition file first, in the same delivery, or confirm it has already been received.', 'supplemental §A.1'),
  d('BILLING_UNKNOWN_BILL', 'error', 'delivery', 'Unknown bill', 'The row names bill {received}, which is not in the billing_bill file of this delivery.', 'Send the bill in the billing_bill file, or remove the row.', 'billing §7'),
  d('BILLING_UNKNOWN_SEGMENT', 'error', 'delivery', 'Unknown bill segment', 'The row names bill segment {received}, which is not in the billing_billsegment file of this delivery.', 'Send the segment in the billing_billsegment file, or remove the row.', 'billing §7'),
  d('BILLING_SEGMENT_GAP', 'warning', 'entity', 'Gap between bill segments', 'The segment of service agreement {received} does not start where the previous one ended ({expected}).', 'Consecutive segments of a service agreement run end to start: the next start equals the previous end.', 'billing §4'),
  d('BILLING_SEGMENT_OVERLAP', 'warning', 'entity', 'Overlapping bill segments', 'The segment of service agreement {received} overlaps the segment {expected}.', 'Segments of a service agreement do not overlap; check for re-bills sent with a new segment id.', 'billing §7'),
  d('SA_SP_OVERLAP', 'error', 'entity', 'Overlapping SA-SP relationship', 'The relationship {received} overlaps an earlier one ({expected}) of the same service agreement and service point.', 'Close the earlier range (sa_sp_end_date) before the new one starts, or resend it with the same start to correct it.', 'account §4'),
  d('ACCOUNT_UNKNOWN_PERSON', 'error', 'delivery', 'Address of an unknown person', 'The address names person {received}, which is not in the billing_account file of this delivery.', 'Send the person in the main account file.', 'account §7'),
  d('ACCOUNT_UNKNOWN_SERVICE_AGREEMENT', 'error', 'delivery', 'Unknown service agreement', 'The row names service agreement {received}, which is not in the billing_account file of this delivery.', 'Send the service agreement in the main account file.', 'account §7'),
  d('PARTICIPATION_UNKNOWN_PROGRAM', 'error', 'delivery', 'Program not defined', 'The participation names program {received}, which the definition file does not define.', 'Add the program to the definition file and send it first; participation rows of undefined programs are rejected.', 'supplemental §A.1'),
  d('PARTICIPATION_UNKNOWN_MEASURE', 'warning', 'delivery', 'Measure not defined for the program', 'The participation names program and measure {received}, a pair the definition file does not define.', 'Add the program/measure pair to the definition file, or fix the measure.', 'supplemental §A.4'),
  d('PARTICIPATION_PROGRAM_INACTIVE', 'error', 'delivery', 'Participation after the program ended', 'The participation starts {received}, after the program/measure pair became inactive ({expected}).', 'New assignments to an inactive program/measure pair are rejected; check the dates.', 'supplemental §A.1'),
  d('CLASSIFICATION_UNKNOWN_CLASSIFIER', 'error', 'delivery', 'Classifier not defined', 'The row names classifier {received}, which the definition file does not define.', 'Define the classifier in the definition file and send it first; rows of undefined classifiers are rejected.', 'supplemental §C.1'),
  d('CLASSIFICATION_UNKNOWN_VALUE', 'error', 'delivery', 'Value not allowed for the classifier', 'The classifier and value {received} are not an allowed_value pair of the definition file.', 'Use one of the allowed values defined for the classifier.', 'supplemental §C.3'),
  d('ACCOUNT_ACTIVE_DATE_CHANGED', 'error', 'entity', 'active_date changed', 'Account {received} has active_date {expected} elsewhere; it never changes.', 'Keep the first active_date of an account in every row and file.', 'legacy-billing §7.2'),
  d('SERVICE_POINT_REASSIGNED', 'warning', 'entity', 'Service point changes hands', 'Service point {received} is tied to {expected} elsewhere in the delivery.', 'A service point has one premise and one customer at a time; check the mapping.', 'legacy-billing §3'),
  d('SERVICE_UNIT_MISSING', 'warning', 'entity', 'Unit missing at a multi-unit address', 'Several service points share the address {received} without service_unit.', 'Send the unit number for multi-unit premises.', 'legacy-billing §7.3'),
  d('USAGE_UNKNOWN_SERVICE_POINT', 'error', 'delivery', 'Unknown service point', 'The usage row names service point {received}, which is not in the customer data.', 'Send the service point in the customer file of the same delivery (or load it first).', 'legacy-billing §8 X7'),
  d('DELIVERY_LAYOUT', 'error', 'delivery', 'Files of the delivery do not fit a layout', 'The delivery has {received}; expected {expected}.', 'Send a customer file with its usage file, or one full file.', 'legacy-billing §4'),
  d('DELIVERY_WRONG_UTILITY', 'warning', 'delivery', 'File names of another utility', 'The file names carry the utility code {received}; this delivery is for {expected}.', 'Name the files with your own utility code (the opwr_<code>_ part); a file meant for another utility must not be sent here.', 'Intake'),
  d('DELIVERY_MIXED', 'error', 'delivery', 'Files of several utilities or stamps', 'The files of one delivery disagree on {column}: {received}.', 'Send the files of one delivery with the same utility code.', 'Intake'),
  // Interval
  d('INTERVAL_OFF_GRID', 'error', 'field', 'Time off the interval grid', 'time {received} is not on the {expected}-minute grid of this file.', 'Write end-of-interval times on the file\'s grid (hourly: HH00).', 'interval §5'),
  d('INTERVAL_NONEXISTENT_TIME', 'error', 'row', 'Local time does not exist', '{received} does not exist in {expected} (daylight saving starts).', 'Skip the missing hour of the spring-forward day.', 'DECISIONS Interval'),
  d('INTERVAL_AMBIGUOUS_TIME', 'error', 'row', 'Repeated hour without offset', '{received} happens twice in {expected} (daylight saving ends) and UTC_offset is empty.', 'Send UTC_offset on the repeated hour so the two hours can be told apart.', 'DECISIONS Interval'),
  d('INTERVAL_OFFSET_MISMATCH', 'error', 'row', 'UTC offset contradicts the time zone', 'UTC_offset {received} does not match {expected}.', 'Send the offset in force at the end of the interval, or fix the profile time zone.', 'DECISIONS Interval'),
  d('INTERVAL_OUT_OF_ORDER', 'error', 'entity', 'Interval reads out of order', 'The interval ending {received} comes after {expected} for the same channel.', 'Sort rows per service point and channel, oldest first.', 'DECISIONS Interval'),
  d('INTERVAL_CORRECTION', 'info', 'entity', 'Interval sent twice', 'The interval ending {received} appears again for the same channel; the later row is a correction.', 'Nothing to do if this is a correction.', 'DECISIONS Interval'),
  d('INTERVAL_GAP', 'warning', 'entity', 'Missing intervals', 'Service point {received} misses {expected}.', 'Send every interval of every day; check the meter-data export.', 'DECISIONS Interval (VEE)'),
  d('INTERVAL_FLAT_LINE', 'warning', 'entity', 'Flat line', 'Service point {received} repeats one non-zero value for {expected}.', 'A stuck meter or a copied estimate: check the meter data.', 'DECISIONS Interval (VEE)'),
  d('INTERVAL_ZERO_RUN', 'warning', 'entity', 'Long run of zeros', 'Service point {received} reads zero for {expected}.', 'Check for a vacant premise or a failed meter.', 'DECISIONS Interval (VEE)'),
  d('INTERVAL_SPIKE', 'warning', 'entity', 'Spike', 'Service point {received} has a spike: {expected}.', 'Check the reading for a meter or unit error.', 'DECISIONS Interval (VEE)'),
  d('INTERVAL_BILL_MISMATCH', 'warning', 'entity', 'Intervals do not add up to the bill', 'Service point {received}: the interval sum differs from the billed usage_value on {expected}.', 'Check units and missing or duplicated intervals against the billing data. Compared only where billing data is loaded (a store; not the CLI\'s validate), for actual (not estimated) bills whose every local day is complete, with the profile\'s interval.billUsageTolerance (default 2 %).', 'DECISIONS Interval'),
  d('INTERVAL_LENGTH_MISMATCH', 'error', 'file', 'Rows do not match the interval length', 'The rows are {received} apart but the file name says {expected} minutes.', 'Name the file with the interval length of its rows.', 'interval §5'),
  // Phases
  d('PHASE_SAMPLE_TOO_SMALL', 'error', 'phase', 'Sample too small', 'The sample has {received} accounts; at least {expected}.', 'Send a random sample of 10,000–20,000 accounts.', 'DECISIONS Phases'),
  d('PHASE_SAMPLE_TOO_LARGE', 'warning', 'phase', 'Sample larger than asked', 'The sample has {received} accounts; at most {expected} are asked for.', 'Send 10,000–20,000 accounts.', 'DECISIONS Phases'),
  d('PHASE_SAMPLE_MIX', 'warning', 'phase', 'Sample lacks active or inactive accounts', 'The sample has {received}; it should hold both active and inactive accounts.', 'Draw the sample from active and inactive accounts.', 'DECISIONS Phases'),
  d('PHASE_SAMPLE_NOT_RANDOM', 'warning', 'phase', 'Sample looks like a slice', 'The accounts look like a slice, not a random sample: {received}.', 'Draw accounts at random across read cycles, areas and id ranges.', 'DECISIONS Phases'),
  d('PHASE_HISTORY_TOO_SHORT', 'error', 'phase', 'History too short', 'The earliest read ends {received}; reads must reach back to {expected}.', 'Send every read since 1 January of the previous year.', 'DECISIONS Phases'),
  d('PHASE_ACCOUNT_HISTORY_SHORT', 'warning', 'phase', 'Account history shorter than it could be', 'Account {received} has reads from {expected} only, later than its active_date allows.', 'Send the whole history of every account since the start of the window.', 'DECISIONS Phases'),
  d('PHASE_COVERAGE', 'error', 'phase', 'Full history does not cover the expected accounts', 'The delivery has {received} accounts; the utility expects {expected} (±2 %).', 'Send every active and inactive account.', 'DECISIONS Phases'),
  d('PHASE_SAMPLE_ACCOUNT_MISSING', 'error', 'phase', 'Sample account missing from the full history', '{received} accounts of the approved sample are missing, e.g. {expected}.', 'The full history holds every account, including those of the sample.', 'DECISIONS Phases'),
  d('PHASE_READ_BEFORE_LOADED', 'error', 'phase', 'Read older than what is loaded', 'The read ending {received} ends before the last loaded read ({expected}) and is not a valid correction.', 'Incrementals carry only new reads, or exact corrections.', 'DECISIONS Phases'),
  d('PHASE_GAP_AFTER_LOADED', 'warning', 'phase', 'Gap after the last loaded read', 'The first new read starts {received}; the last loaded read ended {expected}.', 'Send every read since the last delivery.', 'DECISIONS Phases'),
  d('PHASE_STAMP_ORDER', 'warning', 'phase', 'Stamped before the last processed file', 'The file is stamped {received}, before the last processed file ({expected}); it waits behind it.', 'Stamp files in the order they should load.', 'DECISIONS Phases'),
  d('PHASE_INTERVAL_HISTORY_SHORT', 'warning', 'phase', 'Less than 13 months of interval history', 'Active service point {received} has {expected} of interval history; at least 13 months are asked for.', 'Send at least 13 months of reads for every active account, or all there is.', 'interval §2.2'),
  // Budgets and transfer
  d('REPORT_TRUNCATED', 'info', 'file', 'Checks stopped early', 'Checking stopped early: {received}.', 'Fix the reported problems and send the file again for a full check.', 'Intake'),
  d('MANIFEST_MISMATCH', 'error', 'delivery', 'File does not match its manifest', 'The file {received} differs from the manifest: {expected}.', 'Resend the file; it may have been cut short in transfer.', '00-process-and-transfer §7'),
  d('MANIFEST_FILE_MISSING', 'error', 'delivery', 'File of the manifest missing', 'The manifest lists {received}, which had not arrived when its window closed.', 'Send every file the manifest lists within its validity window.', '00-process-and-transfer §7'),
  d('MANIFEST_INVALID', 'error', 'delivery', 'Manifest cannot be read', 'The manifest cannot be read: {received}.', 'Send a YAML manifest with meta.version, transfer.validity_window and files.', '00-process-and-transfer §7'),
  d('PGP_DECRYPT_FAILED', 'error', 'file', 'Encrypted file cannot be decrypted', 'The file cannot be decrypted with the key on record: {received}.', 'Encrypt to the public key the delivery team gave you, and send the whole file.', 'Intake'),
]);

/** Codes once used and retired: never to be reused. */
export const RETIRED_CODES: readonly string[] = Object.freeze([]);

const BY_CODE = new Map(CATALOGUE.map((x) => [x.code, x]));

export function diagnostic(code: string): DiagnosticDef {
  const def = BY_CODE.get(code);
  if (!def) throw new Error(`unknown diagnostic code ${code}`);
  return def;
}

export function hasDiagnostic(code: string): boolean {
  return BY_CODE.has(code);
}

/** Writes a diagnostic's sentence; the only place wording is made. */
export function renderMessage(code: string, p: { column?: string | undefined; expected?: string | undefined; received?: string | undefined }): string {
  return diagnostic(code).template.replace(/\{(column|expected|received)\}/g, (_, k: 'column' | 'expected' | 'received') => p[k] ?? '');
}
