/** The registry of row checks: one array, run in this order for every file they apply to. */
import { customerEntities } from './customer-entities.js';
import { customerRows } from './customer-rows.js';
import { intervalReads } from './interval-reads.js';
import { references } from './references.js';
import { specRows } from './spec-rows.js';
import { timeline } from './timeline.js';
import type { RowCheck } from './types.js';
import { uniqueKey } from './unique-key.js';
import { usageReads } from './usage-reads.js';

export const ROW_CHECKS: readonly RowCheck[] = [customerRows, customerEntities, usageReads, intervalReads, specRows, uniqueKey, timeline, references];
