/**
 * Billing (the current standard, not Legacy Billing), version 2-0-3 (shared/spec/billing.md). Four files, one
 * per entity. Documented columns come first in each file; what follows the documented prefix is Intake's
 * completion (source 'intake'), each with a one-line reason.
 */
import { GENERAL_RULES } from './common.js';
import { block, deepFreeze, OPTIONAL, REQUIRED, REQUIRED_INTAKE } from './columns.js';
import type { ColumnSpec, RuleSpec, StandardSpec } from './types.js';

const B = block('Bill', 'billing §6.1');
const S = block('BillSegment', 'billing §6.2');
const L = block('LineItem', 'billing §6.3');
const Q = block('ServiceQuantity', 'billing §6.4');

export const PRINT_FLAGS = ['Y', 'N'] as const;

// Amounts: DECIMAL(15,2) is documented for calculated_amount; the other amounts follow it (Intake).
const AMOUNT = { maxDecimals: 2, max: 9999999999999.99 } as const;
const ISO = 'YYYY-MM-DD[Thh:mm:ss][±hh:mm]';

export const BILL_COLUMNS: readonly ColumnSpec[] = [
  B('bill_id', 'string', REQUIRED, 'documented', "Primary key: the utility's main bill identifier.", { maxLength: 40 }),
  B('account_id', 'string', REQUIRED, 'documented', 'Account that owes the bill; matches account_id of the Account Data main file.', { maxLength: 40 }),
  B('bill_datetime', 'iso-datetime', REQUIRED, 'documented', 'Business date of the billing batch that produced the bill; no offset: utility time zone; no time: start of day.', { format: ISO }),
  B('due_datetime', 'iso-datetime', REQUIRED, 'documented', 'Date the bill is due; same defaults as bill_datetime.', { format: ISO }),
  B('currency_code', 'currency', REQUIRED, 'documented', 'ISO 4217 alphabetic currency code of the bill (USD, EUR, …).', { maxLength: 3 }),
  // Type and requiredness past the readable page: a decimal amount, optional (Intake).
  B('current_balance', 'decimal', OPTIONAL, 'intake', 'What the customer still owes after this bill (decimal with 2 places and optional: Intake).', AMOUNT),
  // The version history confirms the column; its position (after current_balance) and type are Intake's.
  B('total_bill_corrections', 'decimal', OPTIONAL, 'intake', 'Total of bill corrections (column documented; position 7, type and requiredness Intake).', AMOUNT),
];

export const BILL_SEGMENT_COLUMNS: readonly ColumnSpec[] = [
  // Required in the four-file layout, the only layout Intake accepts (the single combined file has no documented order).
  S('bill_id', 'string', REQUIRED, 'documented', 'Bill of the segment; links to billing_bill.bill_id. Required in the four-file layout.', { maxLength: 40 }),
  S('bill_segment_id', 'string', REQUIRED, 'documented', "Source system's unique segment id. Required in the four-file layout.", { maxLength: 40 }),
  S('service_agreement_id', 'string', REQUIRED, 'documented', 'Service agreement billed; matches service_agreement_id of the Account Data main file.', { maxLength: 40 }),
  S('bill_segment_start_datetime', 'iso-datetime', REQUIRED, 'documented', 'Start of the period the charges cover (inclusive).', { format: ISO }),
  // Can Be Empty label cut off; required because the no-gap rule needs an end (billing.md's own reading).
  S('bill_segment_end_datetime', 'iso-datetime', REQUIRED_INTAKE, 'documented', 'End of the period the charges cover (exclusive); the next segment of the SA starts here.', { format: ISO }),
  // Documented as no longer mandatory (v2-0-2); position after the visible prefix and VARCHAR(24) as in Account Data (Intake).
  S('bill_cycle_code', 'string', OPTIONAL, 'intake', 'Bill cycle of the segment; optional but should be filled (position and length Intake).', { maxLength: 24 }),
];

export const LINE_ITEM_COLUMNS: readonly ColumnSpec[] = [
  L('bill_id', 'string', REQUIRED, 'documented', 'Bill of the line; required in the four-file layout.', { maxLength: 40 }),
  L('bill_segment_id', 'string', REQUIRED, 'documented', 'Segment of the line; links to billing_billsegment.bill_segment_id.', { maxLength: 40 }),
  L('calculation_header_sequence_number', 'string', REQUIRED, 'documented', 'Calculation header inside the segment; normally 1, more when several rate versions applied.', { maxLength: 40 }),
  L('bill_line_sequence', 'string', REQUIRED, 'documented', 'System-assigned unique id of the line item.', { maxLength: 40 }),
  L('calculated_amount', 'decimal', REQUIRED, 'documented', 'Amount calculated for this bill line, DECIMAL(15,2).', AMOUNT),
  L('description_on_bill', 'string', REQUIRED, 'documented', "Text of the line as printed on the customer's bill.", { maxLength: 255 }),
  L('print', 'enum', OPTIONAL, 'documented', 'Y shows the line on the printed bill, N hides it; empty means N.', { allowed: PRINT_FLAGS }),
  L('bill_line_item_type', 'string', OPTIONAL, 'documented', 'Utility category of the charge (tax, fee, distribution, …); filling it is preferred.', { maxLength: 30 }),
  // A ninth column exists (name starting with "b") but was not readable: Intake does not list it, so a file
  // carrying it gets the "extra column at the end" warning rather than an error.
];

export const SERVICE_QUANTITY_COLUMNS: readonly ColumnSpec[] = [
  Q('bill_id', 'string', REQUIRED, 'documented', 'Bill of the quantity; required in the four-file layout.', { maxLength: 40 }),
  Q('bill_segment_id', 'string', REQUIRED, 'documented', 'Segment of the quantity; the one key part that must always be filled.', { maxLength: 40 }),
  // Field label says required, the key note says may be empty: Intake follows the key note (optional).
  Q('bill_service_quantity_unit_of_measure', 'string', OPTIONAL, 'intake', 'Unit of measure of the quantity; key part (optional: Intake resolves the documented conflict).', { maxLength: 30 }),
  Q('bill_service_quantity_time_of_use', 'string', OPTIONAL, 'intake', 'Time-of-use identifier, e.g. WEEKEND_SUMMER; key part (optional: as above).', { maxLength: 30 }),
  // Type not visible; example values are not exhaustive, so free text of up to 30 characters like its neighbours (Intake).
  Q('service_quantity_identifier', 'string', OPTIONAL, 'intake', 'SQI, e.g. CONSUMED, DAYS, DELIVERED, GEN, RECEIVED, NET_USAGE (type and length Intake).', { maxLength: 30 }),
  // The quantity column must exist but its name is not visible: named after its siblings, decimal, required (Intake).
  Q('bill_service_quantity', 'decimal', REQUIRED_INTAKE, 'intake', 'The billed quantity in the unit of measure (name, type and requiredness Intake).'),
];

const RULES: readonly RuleSpec[] = [
  ...GENERAL_RULES,
  { id: 'layout', scope: 'delivery', source: 'intake', specRef: 'billing §1', text: 'Only the four-file layout is accepted; the discouraged single combined file has no documented column order.', codes: ['FILE_TYPE_UNKNOWN'] },
  { id: 'service-quantity-token', scope: 'file', source: 'intake', specRef: 'billing §2', text: 'The service quantity file is named with billing_servicequantity; the token was not visible in the docs.', codes: ['FILE_TYPE_UNKNOWN'] },
  { id: 'segment-period', scope: 'row', source: 'documented', specRef: 'billing §7', text: 'bill_segment_end_datetime is later than bill_segment_start_datetime.', codes: ['ROW_END_BEFORE_START'] },
  { id: 'currency', scope: 'row', source: 'documented', specRef: 'billing §6.1', text: 'currency_code is an ISO 4217 code (as the runtime knows the list: Intake).', codes: ['FIELD_BAD_CURRENCY'] },
  { id: 'datetime', scope: 'row', source: 'documented', specRef: 'billing §5', text: 'Date-times are YYYY-MM-DD with an optional time hh:mm[:ss] after T or a space (Intake: the space, as in the documented example) and an optional Z or ±hh:mm offset.', codes: ['FIELD_BAD_DATETIME'] },
  { id: 'segment-continuity', scope: 'entity', source: 'documented', specRef: 'billing §4', text: 'Consecutive segments of a service agreement run end to start: the next start equals the previous end, without gaps or overlaps (both warnings: Intake).', codes: ['BILLING_SEGMENT_GAP', 'BILLING_SEGMENT_OVERLAP'] },
  { id: 'primary-keys', scope: 'entity', source: 'documented', specRef: 'billing §7', text: 'Primary keys are unique within a file: bill_id; bill_id + bill_segment_id; bill_id + bill_segment_id + calculation_header_sequence_number + bill_line_sequence; bill_segment_id + UOM + TOU + SQI.', codes: ['DUPLICATE_KEY'] },
  { id: 'bill-reference', scope: 'delivery', source: 'documented', specRef: 'billing §7', text: 'Segment, line item and service quantity bill_id exist in the billing_bill file, when it is part of the delivery (files may arrive separately).', codes: ['BILLING_UNKNOWN_BILL'] },
  { id: 'segment-reference', scope: 'delivery', source: 'documented', specRef: 'billing §7', text: 'Line item and service quantity bill_segment_id exist in the billing_billsegment file, when it is part of the delivery.', codes: ['BILLING_UNKNOWN_SEGMENT'] },
];

export const BILLING: StandardSpec = deepFreeze({
  id: 'billing',
  title: 'Billing',
  version: '2-0-3',
  docRef: 'shared/spec/billing.md',
  summary: 'Bills, bill segments, line items and service quantities: the current (non-legacy) billing standard.',
  fileName: {
    pattern: 'opwr_<utility>_<version>_<billing_bill|billing_billsegment|billing_lineitem|billing_servicequantity>_<yyyyMMddHHmmss>.<gz or zip>',
    hasPopulation: false,
    extensions: ['gz', 'zip'],
    maxLength: 255,
  },
  fileTypes: [
    {
      id: 'bill', title: 'Bill', nameToken: 'billing_bill', layout: 'four-file', fileOrder: 0,
      keyColumns: ['bill_id'], blocks: ['Bill'], columns: BILL_COLUMNS, uniqueKey: ['bill_id'],
    },
    {
      id: 'bill-segment', title: 'Bill segment', nameToken: 'billing_billsegment', layout: 'four-file', fileOrder: 1,
      keyColumns: ['bill_id', 'bill_segment_id'], blocks: ['BillSegment'], columns: BILL_SEGMENT_COLUMNS,
      uniqueKey: ['bill_id', 'bill_segment_id'],
      rowRules: [{ kind: 'order', start: 'bill_segment_start_datetime', end: 'bill_segment_end_datetime', strict: true, source: 'documented' }],
      // Next start = previous end (documented "should": a gap is a warning); an overlap is a warning too, since a
      // re-bill may repeat a period under a new segment id (severity Intake).
      timeline: { key: ['service_agreement_id'], start: 'bill_segment_start_datetime', end: 'bill_segment_end_datetime', overlapCode: 'BILLING_SEGMENT_OVERLAP', gapCode: 'BILLING_SEGMENT_GAP', source: 'documented' },
      references: [{ columns: ['bill_id'], target: 'bill', targetColumns: ['bill_id'], code: 'BILLING_UNKNOWN_BILL', source: 'documented' }],
    },
    {
      id: 'line-item', title: 'Line item', nameToken: 'billing_lineitem', layout: 'four-file',
      keyColumns: ['bill_id', 'bill_segment_id', 'calculation_header_sequence_number', 'bill_line_sequence'], blocks: ['LineItem'], columns: LINE_ITEM_COLUMNS,
      uniqueKey: ['bill_id', 'bill_segment_id', 'calculation_header_sequence_number', 'bill_line_sequence'],
      references: [
        { columns: ['bill_id'], target: 'bill', targetColumns: ['bill_id'], code: 'BILLING_UNKNOWN_BILL', source: 'documented' },
        { columns: ['bill_segment_id'], target: 'bill-segment', targetColumns: ['bill_segment_id'], code: 'BILLING_UNKNOWN_SEGMENT', source: 'documented' },
      ],
    },
    {
      // Token not visible in the docs (the list was cut after billing_lineitem): billing_servicequantity (Intake).
      id: 'service-quantity', title: 'Service quantity', nameToken: 'billing_servicequantity', layout: 'four-file',
      keyColumns: ['bill_segment_id', 'bill_service_quantity_unit_of_measure', 'bill_service_quantity_time_of_use', 'service_quantity_identifier'], blocks: ['ServiceQuantity'], columns: SERVICE_QUANTITY_COLUMNS,
      uniqueKey: ['bill_segment_id', 'bill_service_quantity_unit_of_measure', 'bill_service_quantity_time_of_use', 'service_quantity_identifier'],
      references: [
        { columns: ['bill_id'], target: 'bill', targetColumns: ['bill_id'], code: 'BILLING_UNKNOWN_BILL', source: 'documented' },
        { columns: ['bill_segment_id'], target: 'bill-segment', targetColumns: ['bill_segment_id'], code: 'BILLING_UNKNOWN_SEGMENT', source: 'documented' },
      ],
    },
  ],
  layouts: [
    { id: 'four-file', fileTypes: ['bill', 'bill-segment', 'line-item', 'service-quantity'], description: 'One file per entity, in any order and not necessarily all at once; the delivery team decides which a program needs.' },
  ],
  rules: RULES,
  phases: ['sample', 'full', 'incremental'],
  versions: [
    { version: '2-0-3', date: '2025-06-27', change: 'NET_USAGE added to the service quantity identifier examples.' },
    { version: '2-0-2', date: 'not stated', change: 'File-name length limit clarified; premise_id removed from Bill Segment; bill_cycle_code no longer mandatory; bill_line_item_type preferred.' },
    { version: '2-0-0', date: 'not stated', change: 'Designated a core standard; zip holds one file; appears_in_summary removed from Line Item.' },
    { version: '1-4-0', date: 'not stated', change: 'total_bill_corrections added to Bill.' },
  ],
});
