/**
 * Entities of the customer data across rows and files: repeated records (last one wins, info), an account's
 * active_date never changing, a service point staying at one premise, units at multi-unit addresses. It also
 * records the service points and accounts that the usage data and the phase checks rely on.
 */
import { codeIndex } from '../validate/collector.js';
import { fingerprintHigh, growInt32, hashBytes, hashBytesUpper, hashHigh, hashLow, hashSeparator, hashStart, KeyTable, reserveInt32 } from '../validate/key-table.js';
import type { CheckContext, RowBlock, RowCheck, RowView } from './types.js';

const REPEATED = codeIndex('ENTITY_REPEATED');
const ACTIVE_CHANGED = codeIndex('ACCOUNT_ACTIVE_DATE_CHANGED');
const REASSIGNED = codeIndex('SERVICE_POINT_REASSIGNED');
const UNIT_MISSING = codeIndex('SERVICE_UNIT_MISSING');

/** The keys fingerprinted ahead, per row: service point, account, customer, premise, street address. */
const K_SP = 0;
const K_ACCOUNT = 1;
const K_CUSTOMER = 2;
const K_PREMISE = 3;
const K_ADDRESS = 4;
const KEYS = 5;

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
    // The last (service point, account) pair of the single file, as bytes: sp bytes, then account bytes.
    let pair = new Uint8Array(64);
    let pairSp = -1;
    let pairLen = -1;
    /** Whether this row's pair is the last row's; if not, it becomes the last pair. */
    const samePair = (buf: Uint8Array, ss: number, se: number, as0: number, ae: number): boolean => {
      const n1 = se - ss;
      const n = n1 + (ae - as0);
      if (n1 === pairSp && n === pairLen) {
        let i = 0;
        while (i < n1 && buf[ss + i] === pair[i]) i++;
        if (i === n1) {
          let j = 0;
          while (j < n - n1 && buf[as0 + j] === pair[n1 + j]) j++;
          if (j === n - n1) return true;
        }
      }
      if (n > pair.length) pair = new Uint8Array(n * 2);
      for (let i = 0; i < n1; i++) pair[i] = buf[ss + i] as number;
      for (let j = 0; j < n - n1; j++) pair[n1 + j] = buf[as0 + j] as number;
      pairSp = n1;
      pairLen = n;
      return false;
    };
    /** Whether a row's street address is recorded (no unit, and the columns to tell the address by). */
    const addressKept = (S: Int32Array, E: Int32Array, b: number): boolean =>
      premise >= 0 && S[b + premise] !== E[b + premise] && unit >= 0 && S[b + unit] === E[b + unit] && house >= 0 && street >= 0;
    /** House, street, city and 5-digit ZIP, compared without ASCII case: the fingerprint being built. */
    const hashAddress = (buf: Uint8Array, S: Int32Array, E: Int32Array, b: number): void => {
      hashStart();
      hashBytesUpper(buf, (S[b + house] as number), (E[b + house] as number));
      hashSeparator();
      hashBytesUpper(buf, (S[b + street] as number), (E[b + street] as number));
      hashSeparator();
      if (city >= 0) hashBytesUpper(buf, (S[b + city] as number), (E[b + city] as number));
      hashSeparator();
      if (zip >= 0) hashBytesUpper(buf, (S[b + zip] as number), Math.min((E[b + zip] as number), (S[b + zip] as number) + 5));
    };

    /**
     * Fingerprints of the keys of the reader thread's current block of rows (ahead), by row place (base /
     * columns): each key's two halves. Looking five keys up in tables of half a million entries each is mostly
     * waiting for memory; computed for the whole block first, the slots are then touched in one tight loop with
     * many misses in flight, and row() interns from these without hashing again.
     */
    let aheadStarts: Int32Array | null = null;
    let aheadColumns = 1;
    let FA = new Int32Array(0);
    let FB = new Int32Array(0);
    /** Per row place: 1 when the row's street address was fingerprinted (addressKept). */
    let withAddress = new Uint8Array(0);
    const fingerprint = (j: number, k: number) => {
      FA[j * KEYS + k] = fingerprintHigh();
      FB[j * KEYS + k] = hashLow();
    };
    const ahead = (block: RowBlock): void => {
      const { buf, starts: S, ends: E, bases } = block;
      aheadStarts = S;
      aheadColumns = block.columns;
      const rows = S.length / block.columns;
      if (FA.length < rows * KEYS) {
        FA = new Int32Array(rows * KEYS);
        FB = new Int32Array(rows * KEYS);
        withAddress = new Uint8Array(rows);
      }
      for (let k = 0; k < block.count; k++) {
        const b = bases[k] as number;
        const j = b / block.columns;
        hashStart();
        hashBytes(buf, S[b + sp] as number, E[b + sp] as number);
        fingerprint(j, K_SP);
        hashStart();
        hashBytes(buf, S[b + account] as number, E[b + account] as number);
        fingerprint(j, K_ACCOUNT);
        hashStart();
        hashBytes(buf, S[b + customer] as number, E[b + customer] as number);
        fingerprint(j, K_CUSTOMER);
        if (premise >= 0) {
          hashStart();
          hashBytes(buf, S[b + premise] as number, E[b + premise] as number);
          fingerprint(j, K_PREMISE);
        }
        withAddress[j] = addressKept(S, E, b) ? 1 : 0;
        if (withAddress[j] === 1) {
          hashAddress(buf, S, E, b);
          fingerprint(j, K_ADDRESS);
        }
      }
      for (let k = 0; k < block.count; k++) {
        const b = bases[k] as number;
        const row = b / block.columns;
        const j = row * KEYS;
        sps.ids.touch(FA[j + K_SP] as number);
        accounts.ids.touch(FA[j + K_ACCOUNT] as number);
        d.customers.touch(FA[j + K_CUSTOMER] as number);
        if (premise >= 0) premises.touch(FA[j + K_PREMISE] as number);
        if (withAddress[row] === 1) addresses.touch(FA[j + K_ADDRESS] as number);
      }
    };

    // Reports live outside row(): a closure there would make V8 allocate its captured variables on every row.
    const reportRepeated = (r: RowView, ctx: CheckContext) =>
      ctx.report(REPEATED, account, () => ({ column: 'account', received: `${r.str(account)} / ${r.str(sp)}`, value: r.str(account) }));
    const reportActiveChanged = (r: RowView, ctx: CheckContext) =>
      ctx.report(ACTIVE_CHANGED, active, () => ({ received: r.str(account), expected: r.str(active) }));
    const reportReassigned = (r: RowView, ctx: CheckContext, was: number) =>
      ctx.report(REASSIGNED, premise, () => ({ received: r.str(sp), expected: `premise ${premises.keyAt(was)}` }));
    return {
      ahead,
      expect(rows) {
        // A customer file has a row per (customer, account, service point): each table gets at most one key a
        // row, so room for the rows to come is room for their keys. Not in the single file, where an entity's
        // rows repeat for every read (rows there would overstate the keys many times over).
        if (repeatsAreNormal || !(rows > 0)) return;
        sps.reserve(sps.ids.size + rows);
        accounts.reserve(accounts.ids.size + rows);
        d.customers.reserve(d.customers.size + rows);
        premises.reserve(premises.size + rows);
        addresses.reserve(addresses.size + rows);
        recHead = reserveInt32(recHead, sps.ids.size + rows, -1);
        spPremise = reserveInt32(spPremise, sps.ids.size + rows, -1);
        recNext = reserveInt32(recNext, nRecords + rows);
        recAccount = reserveInt32(recAccount, nRecords + rows);
        recHash = reserveInt32(recHash, nRecords + rows);
        addrPremise = reserveInt32(addrPremise, addresses.size + rows);
        addrLine = reserveInt32(addrLine, addresses.size + rows);
      },
      row(r, ctx) {
        // The row's arrays, read directly (field c at b + c): cheaper than a view call per field.
        const b = r.base;
        const S = r.starts;
        const E = r.ends;
        const O = r.flags;
        const V = r.values;
        if (S[b + sp] === E[b + sp] || S[b + account] === E[b + account]) return;
        const buf = r.buf;
        // The single file: consecutive rows of one service point and account carry the same entities; skip the
        // work. Compared with this check's own copy of the last pair, not the view's previous row: that one is
        // unknown at the edges of read buffers, which would make the result depend on where they fall.
        if (repeatsAreNormal) {
          if (samePair(buf, S[b + sp] as number, E[b + sp] as number, S[b + account] as number, E[b + account] as number)) return;
        }
        // The fingerprint of the entity columns only tells a changed record from a repeated one in the single
        // file; in a customer file any repeat is reported, so the ~200 bytes a row need not be hashed there.
        let h = 0;
        if (repeatsAreNormal) {
          hashStart();
          for (let k = 0; k < nEntity; k++) {
            const c = entityCols[k] as number;
            hashBytes(buf, (S[b + c] as number), (E[b + c] as number));
            hashSeparator();
          }
          h = hashHigh();
        }
        // Row j of the block read ahead (its keys are fingerprinted), or -1 for a row read on its own.
        const j = S === aheadStarts ? (b / aheadColumns) * KEYS : -1;
        const spIdx = j >= 0 ? sps.internFingerprint(FA[j + K_SP] as number, FB[j + K_SP] as number) : sps.intern(buf, (S[b + sp] as number), (E[b + sp] as number));
        const acc = j >= 0
          ? accounts.internFingerprint(FA[j + K_ACCOUNT] as number, FB[j + K_ACCOUNT] as number, buf, (S[b + account] as number), (E[b + account] as number))
          : accounts.intern(buf, (S[b + account] as number), (E[b + account] as number));
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
        if (j >= 0) d.customers.internFingerprint(FA[j + K_CUSTOMER] as number, FB[j + K_CUSTOMER] as number);
        else d.customers.internBytes(buf, (S[b + customer] as number), (E[b + customer] as number));
        sps.declare(spIdx);
        sps.unit[spIdx] = meterUnit >= 0 && O[b + meterUnit] === 1 ? unitOf(r) : 0;
        sps.account[spIdx] = acc;
        if (active >= 0 && O[b + active] === 1) {
          const known = accounts.present[acc] === 1;
          if (known && accounts.activeDay[acc] !== V[b + active]) {
            reportActiveChanged(r, ctx);
          }
          accounts.create(acc, V[b + active] as number);
          accounts.inactiveDay[acc] = inactive >= 0 && O[b + inactive] === 1 ? (V[b + inactive] as number) : -1;
          accounts.readCycle[acc] = cycle >= 0 ? accounts.text(buf, (S[b + cycle] as number), (E[b + cycle] as number)) : 0;
          accounts.zip5[acc] = zip >= 0 ? accounts.text(buf, (S[b + zip] as number), Math.min((E[b + zip] as number), (S[b + zip] as number) + 5)) : 0;
        }
        if (premise >= 0 && S[b + premise] !== E[b + premise]) {
          const p = j >= 0
            ? premises.internBytesFingerprint(FA[j + K_PREMISE] as number, FB[j + K_PREMISE] as number, buf, (S[b + premise] as number), (E[b + premise] as number))
            : premises.internBytes(buf, (S[b + premise] as number), (E[b + premise] as number));
          if (spIdx >= spPremise.length) spPremise = growInt32(spPremise, spIdx + 1, -1);
          const was = spPremise[spIdx] as number;
          if (was >= 0 && was !== p) reportReassigned(r, ctx, was);
          else if (was < 0) spPremise[spIdx] = p;
          if (addressKept(S, E, b)) {
            let a: number;
            if (j >= 0) a = addresses.internFingerprint(FA[j + K_ADDRESS] as number, FB[j + K_ADDRESS] as number);
            else {
              hashAddress(buf, S, E, b);
              a = addresses.intern();
            }
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
        aheadStarts = null;
        FA = new Int32Array(0);
        FB = new Int32Array(0);
        withAddress = new Uint8Array(0);
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
