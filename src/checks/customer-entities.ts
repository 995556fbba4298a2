/**
 * Entities of the customer data across rows and files: repeated records (last one wins, info), an account's
 * active_date never changing, a service point staying at one premise, units at multi-unit addresses. It also
 * records the service points and accounts that the usage data and the phase checks rely on.
 */
import { codeIndex } from '../validate/collector.js';
import { growInt32, hashBytes, hashBytesUpper, hashHigh, hashSeparator, hashStart, KeyTable } from '../validate/key-table.js';
import type { CheckContext, RowCheck, RowView } from './types.js';

const REPEATED = codeIndex('ENTITY_REPEATED');
const ACTIVE_CHANGED = codeIndex('ACCOUNT_ACTIVE_DATE_CHANGED');
const REASSIGNED = codeIndex('SERVICE_POINT_REASSIGNED');
const UNIT_MISSING = codeIndex('SERVICE_UNIT_MISSING');

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
    const nEntity = entityCols.length;
    // The single file repeats the entities on every read; only a changed record is worth a note there.
    const repeatsAreNormal = setup.fileType.blocks.includes('Usage');
    const d = setup.delivery;
    const accounts = d.accounts;
    const sps = d.servicePoints;
    d.hasCustomerData = true;
    // Everything below is keyed by fingerprints of the bytes (key-table.ts): no string per row.
    /**
     * Records seen, per (account, service point): a chain per service point index of (account index, fingerprint
     * of the entity columns). Not a hash table of its own: service point indexes are dense and met in file
     * order, so these arrays are read nearly in sequence, where a table keyed by the pair costs a cache miss
     * per row (and 18–36 bytes per record instead of 12).
     */
    let recHead = new Int32Array(1024).fill(-1);
    let recNext = new Int32Array(1024);
    let recAccount = new Int32Array(1024);
    let recHash = new Int32Array(1024);
    let nRecords = 0;
    /** Premise ids (kept: a reassignment names the first premise), and each service point's first premise. */
    const premises = new KeyTable(true);
    let spPremise = new Int32Array(1024).fill(-1);
    /** Street addresses without a unit → first premise, first line, and whether another premise shares it. */
    const addresses = new KeyTable();
    let addrPremise = new Int32Array(1024);
    let addrLine = new Int32Array(1024);
    const shared = new Map<number, string>();
    // meter_unit is an enum: its value's position maps to the table's unit index once per distinct unit,
    // instead of a string per row.
    const unitByValue: number[] = [];
    const unitIsEnum = meterUnit >= 0 && setup.fileType.columns[meterUnit]?.type === 'enum';
    const unitOf = (r: RowView): number => {
      if (!unitIsEnum) return sps.unitIndex(r.str(meterUnit));
      const v = r.num(meterUnit);
      return (unitByValue[v] ??= sps.unitIndex(r.str(meterUnit)));
    };
    // Reports live outside row(): a closure there would make V8 allocate its captured variables on every row.
    const reportRepeated = (r: RowView, ctx: CheckContext) =>
      ctx.report(REPEATED, account, () => ({ column: 'account', received: `${r.str(account)} / ${r.str(sp)}`, value: r.str(account) }));
    const reportActiveChanged = (r: RowView, ctx: CheckContext) =>
      ctx.report(ACTIVE_CHANGED, active, () => ({ received: r.str(account), expected: r.str(active) }));
    const reportReassigned = (r: RowView, ctx: CheckContext, was: number) =>
      ctx.report(REASSIGNED, premise, () => ({ received: r.str(sp), expected: `premise ${premises.keyAt(was)}` }));
    return {
      row(r, ctx) {
        if (r.empty(sp) || r.empty(account)) return;
        // The single file: consecutive rows of one service point carry the same entities; skip the work.
        if (repeatsAreNormal && r.sameAsPrevious(sp) && r.sameAsPrevious(account)) return;
        const buf = r.buf;
        // The fingerprint of the entity columns only tells a changed record from a repeated one in the single
        // file; in a customer file any repeat is reported, so the ~200 bytes a row need not be hashed there.
        let h = 0;
        if (repeatsAreNormal) {
          hashStart();
          for (let k = 0; k < nEntity; k++) {
            const c = entityCols[k] as number;
            hashBytes(buf, r.start(c), r.end(c));
            hashSeparator();
          }
          h = hashHigh();
        }
        const spIdx = sps.intern(buf, r.start(sp), r.end(sp));
        const acc = accounts.intern(buf, r.start(account), r.end(account));
        if (spIdx >= recHead.length) recHead = growInt32(recHead, spIdx + 1, -1);
        let rec = recHead[spIdx] as number;
        while (rec >= 0 && recAccount[rec] !== acc) rec = recNext[rec] as number;
        if (rec < 0) {
          rec = nRecords++;
          if (rec >= recNext.length) {
            recNext = growInt32(recNext, rec + 1);
            recAccount = growInt32(recAccount, rec + 1);
            recHash = growInt32(recHash, rec + 1);
          }
          recAccount[rec] = acc;
          recNext[rec] = recHead[spIdx] as number;
          recHead[spIdx] = rec;
        } else if (!repeatsAreNormal || recHash[rec] !== h) reportRepeated(r, ctx);
        recHash[rec] = h;
        d.customers.internBytes(buf, r.start(customer), r.end(customer));
        sps.declare(spIdx);
        sps.unit[spIdx] = meterUnit >= 0 && r.ok(meterUnit) ? unitOf(r) : 0;
        sps.account[spIdx] = acc;
        if (active >= 0 && r.ok(active)) {
          const known = accounts.present[acc] === 1;
          if (known && accounts.activeDay[acc] !== r.num(active)) {
            reportActiveChanged(r, ctx);
          }
          accounts.create(acc, r.num(active));
          accounts.inactiveDay[acc] = inactive >= 0 && r.ok(inactive) ? r.num(inactive) : -1;
          accounts.readCycle[acc] = cycle >= 0 ? accounts.text(buf, r.start(cycle), r.end(cycle)) : 0;
          accounts.zip5[acc] = zip >= 0 ? accounts.text(buf, r.start(zip), Math.min(r.end(zip), r.start(zip) + 5)) : 0;
        }
        if (premise >= 0 && !r.empty(premise)) {
          const p = premises.internBytes(buf, r.start(premise), r.end(premise));
          if (spIdx >= spPremise.length) spPremise = growInt32(spPremise, spIdx + 1, -1);
          const was = spPremise[spIdx] as number;
          if (was >= 0 && was !== p) reportReassigned(r, ctx, was);
          else if (was < 0) spPremise[spIdx] = p;
          if (unit >= 0 && r.empty(unit) && house >= 0 && street >= 0) {
            // House, street, city and 5-digit ZIP, compared without ASCII case.
            hashStart();
            hashBytesUpper(buf, r.start(house), r.end(house));
            hashSeparator();
            hashBytesUpper(buf, r.start(street), r.end(street));
            hashSeparator();
            if (city >= 0) hashBytesUpper(buf, r.start(city), r.end(city));
            hashSeparator();
            if (zip >= 0) hashBytesUpper(buf, r.start(zip), Math.min(r.end(zip), r.start(zip) + 5));
            const a = addresses.intern();
            if (addresses.added) {
              if (a >= addrPremise.length) {
                addrPremise = growInt32(addrPremise, a + 1);
                addrLine = growInt32(addrLine, a + 1);
              }
              addrPremise[a] = p;
              addrLine[a] = r.line;
            } else if (addrPremise[a] !== p && !shared.has(a)) {
              shared.set(a, `${r.str(street)}, ${city >= 0 ? r.str(city) : ''}`.toUpperCase());
            }
          }
        }
      },
      end(ctx) {
        // In order of the addresses' first lines, as they were met.
        for (const a of [...shared.keys()].sort((x, y) => x - y)) {
          ctx.reportAt(UNIT_MISSING, unit, addrLine[a], () => ({ received: shared.get(a) ?? '' }));
        }
        shared.clear();
        // The per-file state is done with: give its memory back before the next file is read.
        premises.clear();
        addresses.clear();
        recHead = new Int32Array(0);
        recNext = new Int32Array(0);
        recAccount = new Int32Array(0);
        recHash = new Int32Array(0);
        nRecords = 0;
        spPremise = new Int32Array(0);
        addrPremise = new Int32Array(0);
        addrLine = new Int32Array(0);
      },
    };
  },
};
