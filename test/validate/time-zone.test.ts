import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/validate/bytes.js';
import { ALL_DAY, formatOffset, TimeZoneDays } from '../../src/validate/time-zone.js';

const ny = new TimeZoneDays('America/New_York');
const day = (s: string) => dayNumber(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
const facts = (z: TimeZoneDays, d: string) => {
  z.select(day(d));
  return [z.offBefore, z.offAfter, z.beforeUntil, z.afterFrom];
};

describe('TimeZoneDays', () => {
  it('knows ordinary days, spring forward and fall back in New York', () => {
    expect(facts(ny, '20240115')).toEqual([-300, -300, ALL_DAY, ALL_DAY]);
    expect(facts(ny, '20240715')).toEqual([-240, -240, ALL_DAY, ALL_DAY]);
    // 02:00 EST becomes 03:00 EDT: local [02:00, 03:00) does not exist.
    expect(facts(ny, '20240310')).toEqual([-300, -240, 120, 180]);
    // 02:00 EDT becomes 01:00 EST: local [01:00, 02:00) happens twice.
    expect(facts(ny, '20241103')).toEqual([-240, -300, 120, 60]);
  });

  it('measures day lengths', () => {
    expect(ny.dayMinutes(day('20240310'))).toBe(23 * 60);
    expect(ny.dayMinutes(day('20241103'))).toBe(25 * 60);
    expect(ny.dayMinutes(day('20241104'))).toBe(24 * 60);
    expect(new TimeZoneDays('UTC').dayMinutes(day('20241103'))).toBe(1440);
  });

  it('resolves local times to instants', () => {
    const d = day('20241103');
    expect(ny.instant(d, 60)).toBe(d * 1440 + 60 + 240); // first 01:00 is EDT
    expect(ny.instant(d, 120)).toBe(d * 1440 + 120 + 300);
    expect(Number.isNaN(ny.instant(day('20240310'), 150))).toBe(true);
  });

  it('handles zones south of the equator and with half-hour offsets', () => {
    const syd = new TimeZoneDays('Australia/Sydney');
    // 2024-04-07 03:00 AEDT becomes 02:00 AEST.
    expect(facts(syd, '20240407')).toEqual([660, 600, 180, 120]);
    const india = new TimeZoneDays('Asia/Kolkata');
    expect(facts(india, '20240407')).toEqual([330, 330, ALL_DAY, ALL_DAY]);
  });

  it('formats offsets', () => {
    expect(formatOffset(-300)).toBe('-05:00');
    expect(formatOffset(330)).toBe('+05:30');
    expect(formatOffset(0)).toBe('+00:00');
  });
});
