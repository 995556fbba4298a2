/** The one list of standards Intake knows, and lookups into it. */
import { INTERVAL } from './interval.js';
import { LEGACY_BILLING } from './legacy-billing.js';
import type { FileTypeSpec, StandardId, StandardSpec } from './types.js';

/** Every implemented standard. A new standard is one more module and one more entry here. */
export const STANDARDS: readonly StandardSpec[] = Object.freeze([LEGACY_BILLING, INTERVAL]);

/** Every standard name of the contract, implemented or not yet. */
export const STANDARD_NAMES: readonly StandardId[] = [
  'legacy-billing', 'billing', 'account', 'premise', 'interval', 'program-participation', 'unsubscribe',
  'customer-classification', 'call-center', 'rates',
];

export function findStandard(id: string): StandardSpec | undefined {
  return STANDARDS.find((s) => s.id === id);
}

export function findFileType(standard: StandardSpec, id: string): FileTypeSpec | undefined {
  return standard.fileTypes.find((f) => f.id === id);
}
