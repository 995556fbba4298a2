/**
 * Row rules of customer data (legacy billing customer and full files): customer_type decides which name
 * fields are required; an account ends after it starts; deletion only where the profile allows it.
 */
import { codeIndex } from '../validate/collector.js';
import type { RowCheck } from './types.js';

const CONDITIONAL = codeIndex('ROW_CONDITIONAL_REQUIRED');
const DATES = codeIndex('ROW_DATES_ORDER');
const DELETION = codeIndex('ROW_DELETION_NOT_ALLOWED');

export const customerRows: RowCheck = {
  id: 'customer-rows',
  codes: ['ROW_CONDITIONAL_REQUIRED', 'ROW_DATES_ORDER', 'ROW_DELETION_NOT_ALLOWED'],
  forFile(setup) {
    const type = setup.col('customer_type');
    if (type < 0) return null;
    const business = setup.col('business_name');
    const first = setup.col('first_name');
    const last = setup.col('last_name');
    const active = setup.col('active_date');
    const inactive = setup.col('inactive_date');
    const deletion = setup.col('is_account_deletion');
    const allowDeletion = setup.profile.allowAccountDeletion;
    // Enum index of customer_type: 0 RESIDENTIAL, 1 BUSINESS (spec order).
    return {
      row(r, ctx) {
        if (r.ok(type)) {
          if (r.num(type) === 1) {
            if (business >= 0 && r.empty(business)) ctx.report(CONDITIONAL, business, () => ({ expected: 'customer_type is BUSINESS', value: '' }));
          } else {
            if (first >= 0 && r.empty(first)) ctx.report(CONDITIONAL, first, () => ({ expected: 'customer_type is RESIDENTIAL', value: '' }));
            if (last >= 0 && r.empty(last)) ctx.report(CONDITIONAL, last, () => ({ expected: 'customer_type is RESIDENTIAL', value: '' }));
          }
        }
        if (r.ok(active) && r.ok(inactive) && r.num(inactive) < r.num(active)) {
          ctx.report(DATES, inactive, () => ({ expected: r.str(active), received: r.str(inactive) }));
        }
        if (deletion >= 0 && !allowDeletion && !r.empty(deletion)) ctx.report(DELETION, deletion);
      },
    };
  },
};
