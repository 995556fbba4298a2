/** The one list of standards Intake knows, and lookups into it. */
import { ACCOUNT } from './account.js';
import { BILLING } from './billing.js';
import { CALL_CENTER } from './call-center.js';
import { CUSTOMER_CLASSIFICATION } from './customer-classification.js';
import { INTERVAL } from './interval.js';
import { LEGACY_BILLING } from './legacy-billing.js';
import { PREMISE } from './premise.js';
import { PROGRAM_PARTICIPATION } from './program-participation.js';
import { RATES } from './rates.js';
import { UNSUBSCRIBE } from './unsubscribe.js';
import type { FileTypeSpec, StandardId, StandardSpec } from './types.js';

/** Every implemented standard. A new standard is one more module and one more entry here. */
export const STANDARDS: readonly StandardSpec[] = Object.freeze([
  LEGACY_BILLING, BILLING, ACCOUNT, PREMISE, INTERVAL, PROGRAM_PARTICIPATION, UNSUBSCRIBE, CUSTOMER_CLASSIFICATION,
  CALL_CENTER, RATES,
]);

/** Every standard name of the contract, in the contract's order. */
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
