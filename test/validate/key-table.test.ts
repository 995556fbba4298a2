/**
 * The fingerprint key table and the compact delivery state built on it: dense indexes in order of first sight,
 * growth past many resizes, composite and case-folded keys, kept key text, and the Map-like views that the
 * phase checks and the profile read.
 */
import { describe, expect, test } from 'vitest';
import { AccountTable, DeliveryState } from '../../src/validate/delivery-state.js';
import { fingerprintHigh, hashBytes, hashBytesUpper, hashLow, hashSeparator, hashStart, KeyTable } from '../../src/validate/key-table.js';

const bytes = (s: string) => Buffer.from(s);

describe('KeyTable', () => {
  test('gives dense indexes in order of first sight and finds them again, through many resizes', () => {
    const t = new KeyTable(true, 16);
    const n = 200_000;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes(`SP${i}`);
      if (t.internBytes(b, 0, b.length) !== i || !t.added) wrong++;
    }
    expect(wrong).toBe(0);
    expect(t.size).toBe(n);
    for (const i of [0, 1, 99_999, n - 1]) {
      const b = bytes(`SP${i}`);
      expect(t.findBytes(b, 0, b.length)).toBe(i);
      expect(t.internBytes(b, 0, b.length)).toBe(i);
      expect(t.added).toBe(false);
      expect(t.keyAt(i)).toBe(`SP${i}`);
    }
    expect(t.findString(`SP${n}`)).toBe(-1);
    // 12 bytes a slot at most 2/3 full, plus the kept keys: well under 64 bytes a key.
    expect(t.memoryBytes / n).toBeLessThan(64);
  });

  test('reads a key from the middle of a buffer, and text keys (UTF-8) match byte keys', () => {
    const t = new KeyTable(true);
    const row = bytes('x\tZürich 7\ty');
    const i = t.internBytes(row, 2, row.length - 2);
    expect(t.findString('Zürich 7')).toBe(i);
    expect(t.keyAt(i)).toBe('Zürich 7');
    expect(t.has('Zürich 7')).toBe(true);
    expect(t.add('other').size).toBe(2);
  });

  test('composite keys keep their parts apart; the upper-case hash ignores ASCII case', () => {
    const t = new KeyTable();
    const key = (a: string, b: string) => {
      hashStart();
      hashBytes(bytes(a), 0, a.length);
      hashSeparator();
      hashBytes(bytes(b), 0, b.length);
      return t.intern();
    };
    const ab = key('A1', 'SP1');
    expect(key('A1S', 'P1')).not.toBe(ab);
    expect(key('A1', 'SP1')).toBe(ab);
    const upper = (s: string) => {
      hashStart();
      hashBytesUpper(bytes(s), 0, s.length);
      return t.intern();
    };
    expect(upper('12 Oak St')).toBe(upper('12 OAK ST'));
  });

  test('keys that differ only in their last byte (ids in sequence, slots side by side) stay apart', () => {
    // Every last byte under 64 prefixes, in sequence and then shuffled: 16,384 keys, each its own index.
    const keys: Buffer[] = [];
    for (let p = 0; p < 64; p++) for (let last = 0; last < 256; last++) keys.push(Buffer.from([...bytes(`ACC${p}-`), last]));
    const t = new KeyTable();
    keys.forEach((k, i) => expect(t.internBytes(k, 0, k.length)).toBe(i));
    expect(t.size).toBe(keys.length);
    const order = keys.map((_, i) => (i * 7919) % keys.length);
    let wrong = 0;
    for (const i of order) if (t.findBytes(keys[i]!, 0, keys[i]!.length) !== i) wrong++;
    expect(wrong).toBe(0);
    // The empty key, a key ending in a separator and its parts: all different keys.
    const composite = (parts: string[]) => {
      hashStart();
      parts.forEach((s, k) => {
        if (k > 0) hashSeparator();
        hashBytes(bytes(s), 0, s.length);
      });
      return t.intern();
    };
    const seen = new Set([composite(['']), composite(['', '']), composite(['ACC0-', '']), composite(['ACC0']), composite(['ACC0-'])]);
    expect(seen.size).toBe(5);
    expect(t.findBytes(bytes('ACC0-'), 0, 5)).toBe(composite(['ACC0-']));
  });

  test('a fingerprint computed ahead (and its slot touched) interns to the same index as the key itself', () => {
    const byBytes = new KeyTable(true);
    const ahead = new KeyTable(true);
    const keys = Array.from({ length: 5000 }, (_, i) => bytes(`A${(i * 7919) % 3000}`)); // repeats included
    const prints = keys.map((k) => {
      hashStart();
      hashBytes(k, 0, k.length);
      return [fingerprintHigh(), hashLow()] as const;
    });
    prints.forEach(([a]) => ahead.touch(a));
    keys.forEach((k, i) => {
      const [a, b] = prints[i]!;
      expect(ahead.internBytesFingerprint(a, b, k, 0, k.length)).toBe(byBytes.internBytes(k, 0, k.length));
      expect(ahead.added).toBe(byBytes.added);
    });
    expect(ahead.size).toBe(3000);
    expect(ahead.keyAt(17)).toBe(byBytes.keyAt(17));
  });

  test('room made up front (reserve) keeps the keys already in, and the same keys get the same indexes', () => {
    const grown = new KeyTable(true, 16);
    const reserved = new KeyTable(true, 16);
    const n = 50_000;
    const key = (i: number) => bytes(`A${(i * 7919) % 1_000_003}`);
    // Some keys before the room is made, as when the hint comes after the first lines.
    for (let i = 0; i < 300; i++) {
      const b = key(i);
      grown.internBytes(b, 0, b.length);
      reserved.internBytes(b, 0, b.length);
    }
    const before = reserved.memoryBytes;
    reserved.reserve(n);
    // Room for n keys at most 2/3 full, and their bytes at about the mean length so far: no doubling after.
    expect(reserved.memoryBytes).toBeGreaterThan(before);
    const afterReserve = reserved.memoryBytes;
    let differ = 0;
    for (let i = 0; i < n; i++) {
      const b = key(i);
      if (grown.internBytes(b, 0, b.length) !== reserved.internBytes(b, 0, b.length) || grown.added !== reserved.added) differ++;
    }
    expect(differ).toBe(0);
    expect(reserved.size).toBe(n);
    expect(reserved.memoryBytes).toBe(afterReserve);
    for (const i of [0, 299, 300, n - 1]) expect(reserved.keyAt(i)).toBe(key(i).toString());
    // Never shrinks; a smaller reservation changes nothing.
    reserved.reserve(10);
    expect(reserved.memoryBytes).toBe(afterReserve);
    expect(reserved.findString(key(123).toString())).toBe(123);
  });

  test('the delivery tables make room for their arrays too, keeping what they hold', () => {
    const d = new DeliveryState({});
    d.accounts.set('A1', { activeDay: 100, inactiveDay: 200, readCycle: '07', zip5: '23210', firstReadDay: -1 });
    d.servicePoints.set('SP1', 'KWH');
    d.spAccounts.set('SP1', 'A1');
    d.accounts.reserve(100_000);
    d.servicePoints.reserve(100_000);
    expect(d.accounts.present.length).toBeGreaterThanOrEqual(100_000);
    expect(d.servicePoints.declared.length).toBeGreaterThanOrEqual(100_000);
    expect(d.accounts.get('A1')).toMatchObject({ activeDay: 100, inactiveDay: 200, readCycle: '07', zip5: '23210' });
    expect(d.servicePoints.get('SP1')).toBe('KWH');
    expect(d.spAccounts.get('SP1')).toBe('A1');
    // New entries past the reservation still fit (the arrays grow as before).
    for (let i = 0; i < 100_500; i++) d.servicePoints.set(`S${i}`, 'THERM');
    expect(d.servicePoints.get('S100499')).toBe('THERM');
    expect(d.servicePoints.account[d.servicePoints.ids.findString('S5')]).toBe(-1);
  });

  test('keyAt refuses a table that does not keep keys', () => {
    const t = new KeyTable();
    t.internString('a');
    expect(() => t.keyAt(0)).toThrow(RangeError);
  });
});

describe('compact delivery state', () => {
  test('accounts read like a Map of live AccountInfo views', () => {
    const a = new AccountTable();
    a.set('A1', { activeDay: 10, inactiveDay: -1, readCycle: '05', zip5: '23220', firstReadDay: -1 });
    const b = bytes('A2');
    const i = a.intern(b, 0, b.length);
    expect(a.has('A2')).toBe(false); // interned by a service point, but no record yet
    a.create(i, 20);
    expect(a.size).toBe(2);
    const info = a.get('A1');
    expect(info).toMatchObject({ activeDay: 10, inactiveDay: -1, readCycle: '05', zip5: '23220', firstReadDay: -1 });
    if (info) info.firstReadDay = 42;
    expect(a.get('A1')?.firstReadDay).toBe(42);
    expect([...a.keys()]).toEqual(['A1', 'A2']);
    expect([...a].map(([id, v]) => [id, v.activeDay])).toEqual([['A1', 10], ['A2', 20]]);
    expect(a.get('A3')).toBeUndefined();
  });

  test('service points: declared ones, their unit and account', () => {
    const d = new DeliveryState({});
    d.servicePoints.set('SP1', 'KWH');
    d.spAccounts.set('SP1', 'A1');
    const b = bytes('SP9');
    d.servicePoints.intern(b, 0, b.length); // seen in the reads only
    expect(d.servicePoints.size).toBe(1);
    expect(d.servicePoints.has('SP1')).toBe(true);
    expect(d.servicePoints.has('SP9')).toBe(false);
    expect(d.servicePoints.get('SP1')).toBe('KWH');
    expect(d.spAccounts.get('SP1')).toBe('A1');
    expect(d.spAccounts.get('SP9')).toBeUndefined();
    d.customers.add('C1').add('C1').add('C2');
    expect(d.customers.size).toBe(2);
  });
});
