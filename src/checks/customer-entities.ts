/**
 * Entities of the customer data across rows and files: repeated records (last one wins, info), an account's
 * active_date never changing, a service point staying at one premise, units at multi-unit addresses. It also
 * records the service points and accounts that the usage data and the phase checks rely on.
 */
import { codeIndex } from '../validate/collector.js';
import type { RowCheck } from './types.js';

const REPEATED = codeIndex('ENTITY_REPEATED');
const ACTIVE_CHANGED = codeIndex('ACCOUNT_ACTIVE_DATE_CHANGED');
const REASSIGNED = codeIndex('SERVICE_POINT_REASSIGNED');
const UNIT_MISSING = codeIndex('SERVICE_UNIT_MISSING');

/** FNV-1a over a row's entity columns: tells a changed record from an identical repeat. */
function fnv(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const customerEntities: RowCheck = {
  id: 'customer-entities',
  codes: ['ENTITY_REPEATED', 'ACCOUNT_ACTIVE_DATE_CHANGED', 'SERVICE_POINT_REASSIGNED', 'SERVICE_UNIT_MISSING'],
  forFile(setup) {
    const customer = setup.col('customer_id');
    const premise = setup.col('premise_id');
    const account = setup.col('account_id');
    const sp = setup.col('service_point_id');
    if (customer < 0 || account < 0 || sp < 0) return null;
    const active = setup.col('active_date');
    const inactive = setup.col('inactive_date');
    const cycle = setup.col('read_cycle');
    const zip = setup.col('service_zip_code');
    const unit = setup.col('service_unit');
    const house = setup.col('service_house_number');
    const street = setup.col('service_street_name');
    const city = setup.col('service_city');
    const meterUnit = setup.col('meter_unit');
    const entityCols = setup.fileType.columns.map((c, i) => (c.entity === 'Usage' ? -1 : i)).filter((i) => i >= 0);
    // The single file repeats the entities on every read; only a changed record is worth a note there.
    const repeatsAreNormal = setup.fileType.blocks.includes('Usage');
    const d = setup.delivery;
    d.hasCustomerData = true;
    const records = new Map<string, number>();
    const spPremise = new Map<string, string>();
    /** address → premises without a unit at that address (first line of each). */
    const addresses = new Map<string, { premises: Set<string>; line: number }>();
    return {
      row(r, ctx) {
        if (r.empty(sp) || r.empty(account)) return;
        // The single file: consecutive rows of one service point carry the same entities; skip the work.
        if (repeatsAreNormal && r.sameAsPrevious(sp) && r.sameAsPrevious(account)) return;
        const spId = r.str(sp);
        const accountId = r.str(account);
        const key = `${accountId}\u0000${spId}`;
        let h = 0x811c9dc5;
        for (const c of entityCols) h = fnv(r.key(c), h);
        const before = records.get(key);
        if (before !== undefined && (!repeatsAreNormal || before !== h)) {
          ctx.report(REPEATED, account, () => ({ column: 'account', received: `${accountId} / ${spId}`, value: accountId }));
        }
        records.set(key, h);
        d.customers.add(r.str(customer));
        d.servicePoints.set(spId, meterUnit >= 0 && r.ok(meterUnit) ? r.str(meterUnit) : '');
        d.spAccounts.set(spId, accountId);
        if (active >= 0 && r.ok(active)) {
          const known = d.accounts.get(accountId);
          if (known && known.activeDay !== r.num(active)) {
            ctx.report(ACTIVE_CHANGED, active, () => ({ received: accountId, expected: String(known.activeDay === -1 ? '' : r.str(active)) }));
          }
          const info = known ?? { activeDay: r.num(active), inactiveDay: -1, readCycle: '', zip5: '', firstReadDay: -1 };
          info.inactiveDay = inactive >= 0 && r.ok(inactive) ? r.num(inactive) : -1;
          info.readCycle = cycle >= 0 ? r.str(cycle) : '';
          info.zip5 = zip >= 0 ? r.str(zip).slice(0, 5) : '';
          if (!known) d.accounts.set(accountId, info);
        }
        if (premise >= 0 && !r.empty(premise)) {
          const p = r.str(premise);
          const was = spPremise.get(spId);
          if (was !== undefined && was !== p) ctx.report(REASSIGNED, premise, () => ({ received: spId, expected: `premise ${was}` }));
          else if (was === undefined) spPremise.set(spId, p);
          if (unit >= 0 && r.empty(unit) && house >= 0 && street >= 0) {
            const addr = `${r.str(house)}|${r.str(street)}|${city >= 0 ? r.str(city) : ''}|${zip >= 0 ? r.str(zip).slice(0, 5) : ''}`.toUpperCase();
            let a = addresses.get(addr);
            if (!a) addresses.set(addr, (a = { premises: new Set(), line: r.line }));
            if (a.premises.size < 3) a.premises.add(p);
          }
        }
      },
      end(ctx) {
        for (const [addr, a] of addresses) {
          if (a.premises.size > 1) ctx.reportAt(UNIT_MISSING, unit, a.line, () => ({ received: addr.split('|').slice(1, 3).join(', ') }));
        }
        addresses.clear();
      },
    };
  },
};
