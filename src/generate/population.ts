/**
 * The synthetic population: customers, premises, accounts and service points. Every account is a pure function
 * of (seed, utility, account index, population state), so a delivery streams account by account without holding
 * the population, and a later incremental recomputes exactly where an earlier delivery ended.
 *
 * Shape: premises come in blocks of 16 (a block is either 16 houses or a multi-unit building plus houses);
 * an account's premise is its own index, except when the previous account moved out during the history window,
 * in which case this account is the new occupant of that premise and inherits its service points (the service
 * point is the device location and never changes). Read dates belong to the premise (the meter route), so the
 * successor's reads continue the predecessor's without a gap or an overlap.
 */
import { compact, dayInMonth, dayOf, monthOf } from './calendar.js';
import { hash32, permute32, Rng, textHash, unit } from './prng.js';
import {
  AREA_CODES, BUSINESS_KINDS, BUSINESS_SUFFIXES, CITIES, EMAIL_DOMAINS, FIRST_NAMES, LANGUAGES, LAST_NAMES,
  OTHER_CITIES, STREET_DIRECTIONS, STREET_NAMES, STREET_SUFFIXES,
} from './names.js';

/** A run of account indices added at one time: the initial population, or new customers of an incremental. */
export interface Segment {
  readonly first: number;
  readonly count: number;
  /** Day numbers bounding the active dates of a segment of new customers; absent for the initial population. */
  readonly openedAfter?: number;
  readonly openedUntil?: number;
}

/** What defines the population; stored in the manifest so an incremental can continue it. */
export interface PopulationState {
  readonly seed: number;
  readonly utility: string;
  /** First day of the history window of the first delivery. */
  readonly historyStart: number;
  /** Last day of the first delivery: move-outs before it happened in the history window. */
  readonly anchorUntil: number;
  readonly segments: readonly Segment[];
}

export type Fuel = 'electric' | 'gas';

export interface ServicePoint {
  readonly id: string;
  readonly fuel: Fuel;
  readonly meterType: 'AMI' | 'AMR' | 'MANUAL';
  readonly meterUnit: 'KWH' | 'THERMS';
  /** Typical daily use of this occupant at this point, in the meter unit. */
  readonly dailyBase: number;
  /** Rooftop solar: an interval GENERATED channel besides consumption (electric AMI only). */
  readonly solar: boolean;
  /** A small number that keys this point's hashes (premise × 2 + fuel). */
  readonly key: number;
}

export interface Account {
  readonly index: number;
  readonly premiseIndex: number;
  readonly business: boolean;
  readonly activeDay: number;
  /** Month index of the first read. */
  readonly firstReadMonth: number;
  /** Month index of the final read (its date_to is the inactive date), Infinity-free: far future when staying. */
  readonly moveOutMonth: number;
  readonly cycleDay: number;
  /** 1 for monthly reads, 2 for bi-monthly. */
  readonly step: number;
  /** For bi-monthly reads, the parity of the read months. */
  readonly parity: number;
  /** Column values of the Customer, Account and Service Point blocks, except the per-point ones. */
  readonly fields: Readonly<Record<string, string>>;
  readonly servicePoints: readonly ServicePoint[];
  readonly rate: { readonly electric: number; readonly gas: number };
}

const SALT = {
  move: 1, building: 2, premise: 3, business: 4, gas: 5, cycle: 6, occupant: 7, jitter: 8, meter: 9, active: 10,
  future: 11, ids: 12, sqft: 13,
} as const;

const PREMISES_PER_BLOCK = 16;
const MOVE_OUT_SHARE = 0.12;
const EARLIEST_ACTIVE = dayOf(1998, 1, 1);

/** Keys for the id permutations, so different seeds and utilities give different ids. */
function idKeys(state: PopulationState): { account: number; customer: number; premise: number; sp: number; secondary: number } {
  const base = hash32(state.seed, textHash(state.utility), SALT.ids);
  return { account: hash32(base, 1), customer: hash32(base, 2), premise: hash32(base, 3), sp: hash32(base, 4), secondary: hash32(base, 5) };
}

const pad10 = (n: number): string => String(n).padStart(10, '0');

/** Service point id of a premise and fuel: the same in legacy billing and interval files of one seed and utility. */
export function servicePointId(state: PopulationState, premise: number, fuel: Fuel): string {
  return pad10(permute32(premise * 2 + (fuel === 'gas' ? 1 : 0), idKeys(state).sp));
}

/** A service point id that no generated premise ever has (11 digits; generated ids have 10). */
export function unknownServicePointId(n: number): string {
  return `9${pad10(n >>> 0)}`;
}

export function totalAccounts(state: PopulationState): number {
  const last = state.segments[state.segments.length - 1];
  return last ? last.first + last.count : 0;
}

function segmentOf(state: PopulationState, i: number): Segment {
  for (const s of state.segments) if (i >= s.first && i < s.first + s.count) return s;
  throw new RangeError(`account index ${i} is outside the population`);
}

/** The account moves out during the history window (initial population only; never two in a row). */
function movesOutInWindow(state: PopulationState, seg: Segment, j: number): boolean {
  if (seg.openedAfter !== undefined || j < seg.first || j >= seg.first + seg.count - 1) return false;
  const raw = (x: number): boolean => x >= seg.first && x < seg.first + seg.count - 1 && unit(state.seed, x, SALT.move) < MOVE_OUT_SHARE;
  return raw(j) && !raw(j - 1);
}

/** Read-route facts of a premise: the cycle day, monthly or bi-monthly, and the read-cycle code. */
function route(state: PopulationState, premise: number, business: boolean): { cycleDay: number; step: number; parity: number; code: string } {
  const h = hash32(state.seed, premise, SALT.cycle);
  const cycle = 1 + (h % 20);
  const cycleDay = Math.round(1 + ((cycle - 1) * 27) / 19);
  const bimonthly = !business && ((h >>> 8) & 0xff) < 38; // about 15 %
  const parity = (h >>> 16) & 1;
  return { cycleDay, step: bimonthly ? 2 : 1, parity, code: bimonthly ? `B${String(cycle).padStart(2, '0')}` : String(cycle).padStart(2, '0') };
}

/** date_to of the read in month `mi` for a premise: the cycle day with a little jitter (reader's route). */
export function readDay(state: PopulationState, acct: Pick<Account, 'premiseIndex' | 'cycleDay' | 'step'>, mi: number): number {
  const h = hash32(state.seed, acct.premiseIndex, mi, SALT.jitter);
  // Monthly jitter −1..+2 keeps every period within 25–35 days; bi-monthly −1..+1 keeps them within 55–65.
  const jitter = acct.step === 1 ? (h % 4) - 1 : (h % 3) - 1;
  return dayInMonth(mi, acct.cycleDay) + jitter;
}

/** The first read month at or after `mi` on this route. */
export function alignMonth(acct: Pick<Account, 'step' | 'parity'>, mi: number): number {
  return acct.step === 1 || ((mi - acct.parity) & 1) === 0 ? mi : mi + 1;
}

interface Premise {
  readonly index: number;
  readonly house: string;
  readonly street: string;
  readonly unit: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly business: boolean;
  readonly gas: boolean;
  readonly sqft: number | null;
  readonly electricMeter: ServicePoint['meterType'];
  readonly gasMeter: ServicePoint['meterType'];
  readonly multiUnit: boolean;
}

function streetName(rng: Rng): string {
  const dir = rng.chance(0.12) ? `${rng.pick(STREET_DIRECTIONS)} ` : '';
  const n = rng.int(1, 40);
  const name = rng.chance(0.15) ? `${n}${ordinal(n)}` : rng.pick(STREET_NAMES);
  return `${dir}${name} ${rng.pick(STREET_SUFFIXES)}`;
}

// Service addresses are unique per address slot (a house, or a whole multi-unit building), so two premises
// never share a street address by chance: slot s lives on street combination s mod COMBOS (scattered by a
// multiplier coprime with COMBOS) at a house number that grows with s / COMBOS.
const STREETS_PER_CITY = STREET_NAMES.length + 40;
const COMBOS = CITIES.length * STREETS_PER_CITY * STREET_SUFFIXES.length;
const SCATTER = 7919; // prime, coprime with COMBOS

function serviceAddress(state: PopulationState, slot: number): { house: number; street: string; city: (typeof CITIES)[number] } {
  const c = (((slot % COMBOS) * SCATTER) + (hash32(state.seed, SALT.building, 9) % COMBOS)) % COMBOS;
  const city = CITIES[c % CITIES.length] as (typeof CITIES)[number];
  const rest = Math.floor(c / CITIES.length);
  const nameIndex = rest % STREETS_PER_CITY;
  const suffix = STREET_SUFFIXES[Math.floor(rest / STREETS_PER_CITY) % STREET_SUFFIXES.length] ?? 'St';
  const h = hash32(state.seed, c, SALT.building, 10);
  const dir = h % 9 === 0 ? `${STREET_DIRECTIONS[(h >>> 8) % STREET_DIRECTIONS.length] ?? 'N'} ` : '';
  const name = nameIndex < STREET_NAMES.length ? (STREET_NAMES[nameIndex] ?? 'Main') : `${nameIndex - STREET_NAMES.length + 1}${ordinal(nameIndex - STREET_NAMES.length + 1)}`;
  const base = 100 * ((h >>> 12) % 60);
  const house = base + Math.floor(slot / COMBOS) * 4 + 1 + (hash32(state.seed, slot, SALT.building, 11) % 3);
  return { house, street: `${dir}${name} ${suffix}`, city };
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

function zipOf(rng: Rng, zips: readonly string[]): string {
  const base = rng.pick(zips);
  const r = rng.next();
  const plus4 = String(rng.int(1, 9999)).padStart(4, '0');
  if (r < 0.55) return `${base}-${plus4}`;
  if (r < 0.6) return `${base}${plus4}`;
  return base;
}

function meterType(r: number, fuel: Fuel): ServicePoint['meterType'] {
  if (fuel === 'electric') return r < 0.75 ? 'AMI' : r < 0.9 ? 'AMR' : 'MANUAL';
  return r < 0.3 ? 'AMI' : r < 0.8 ? 'AMR' : 'MANUAL';
}

function premiseAt(state: PopulationState, p: number): Premise {
  const block = Math.floor(p / PREMISES_PER_BLOCK);
  const slot = p % PREMISES_PER_BLOCK;
  const b = hash32(state.seed, block, SALT.building);
  const units = b % 4 === 0 ? 4 + ((b >>> 4) % 13) : 0; // a quarter of the blocks hold a 4–16 unit building
  const multiUnit = slot < units;
  const rng = new Rng(hash32(state.seed, p, SALT.premise));
  const addr = multiUnit ? new Rng(hash32(state.seed, block, SALT.building, 1)) : rng;
  // A building's address slot is its block's first premise (always one of its units): no house uses it.
  const where = serviceAddress(state, multiUnit ? block * PREMISES_PER_BLOCK : p);
  const place = where.city;
  const house = String(where.house);
  const street = where.street;
  const zip = zipOf(addr, place.zips);
  const business = !multiUnit && unit(state.seed, p, SALT.business) < 0.08;
  const gas = unit(state.seed, p, SALT.gas) < (multiUnit ? 0.3 : 0.6);
  const sq = rng.next();
  const sqft = sq < 0.45 ? null : business ? rng.int(1200, 40000) : multiUnit ? rng.int(550, 1600) : rng.int(900, 4200);
  const m = new Rng(hash32(state.seed, p, SALT.meter));
  return {
    index: p, house, street, city: place.city, state: place.state, zip, business, gas, sqft, multiUnit,
    unit: multiUnit ? `${Math.floor(slot / 4) + 1}${'ABCD'[slot % 4] ?? 'A'}` : '',
    electricMeter: meterType(m.next(), 'electric'),
    gasMeter: meterType(m.next(), 'gas'),
  };
}

function asciiSlug(text: string): string {
  return text.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

/** The account at index `i`, as of no particular date (dates are facts of its timeline). */
export function accountAt(state: PopulationState, i: number): Account {
  const seg = segmentOf(state, i);
  const successor = movesOutInWindow(state, seg, i - 1);
  const premiseIndex = successor ? i - 1 : i;
  const premise = premiseAt(state, premiseIndex);
  const r = route(state, premiseIndex, premise.business);
  const routeFacts = { premiseIndex, cycleDay: r.cycleDay, step: r.step, parity: r.parity };
  const rng = new Rng(hash32(state.seed, i, SALT.occupant));
  const timeline = new Rng(hash32(state.seed, i, SALT.active));
  const historyMonth = monthOf(state.historyStart);
  const anchorMonth = monthOf(state.anchorUntil);

  let firstReadMonth: number;
  let activeDay: number;
  if (seg.openedAfter !== undefined && seg.openedUntil !== undefined) {
    // A new customer of an incremental: moves in on any day of that incremental's window.
    activeDay = seg.openedAfter + 1 + Math.floor(timeline.next() * Math.max(1, seg.openedUntil - seg.openedAfter));
    let m = alignMonth(routeFacts, monthOf(activeDay));
    while (readDay(state, routeFacts, m) < activeDay + 24) m += r.step;
    firstReadMonth = m;
  } else {
    if (successor) {
      const before = accountAt(state, i - 1);
      firstReadMonth = before.moveOutMonth + r.step;
    } else {
      const newInWindow = !movesOutInWindow(state, seg, i) && timeline.chance(0.15) && anchorMonth - 2 > historyMonth + 1;
      const lo = newInWindow ? historyMonth + 1 : monthOf(EARLIEST_ACTIVE);
      const hi = newInWindow ? anchorMonth - 2 : historyMonth - 3;
      firstReadMonth = alignMonth(routeFacts, lo + Math.floor(timeline.next() * Math.max(1, hi - lo + 1)));
    }
    // Moving in the day after a meter read keeps the first bill a whole cycle.
    activeDay = readDay(state, routeFacts, firstReadMonth - r.step) + 1;
  }

  let moveOutMonth: number;
  if (movesOutInWindow(state, seg, i)) {
    const lo = Math.max(firstReadMonth + 2 * r.step, historyMonth + 1);
    const hi = Math.max(lo, anchorMonth - 1);
    let m = alignMonth(routeFacts, lo + Math.floor(timeline.next() * (hi - lo + 1)));
    if (m > hi && m - r.step >= firstReadMonth + r.step) m -= r.step;
    moveOutMonth = m;
  } else {
    // Staying customers move out some day after the first delivery (mean about twelve years): incrementals close them.
    const from = Math.max(anchorMonth + 1, seg.openedUntil !== undefined ? monthOf(seg.openedUntil) + 1 : 0, firstReadMonth + 2 * r.step);
    moveOutMonth = alignMonth(routeFacts, from + Math.floor(-Math.log(1 - timeline.next()) * 150));
  }

  const ids = idKeys(state);
  const business = premise.business;
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const businessName = business ? (rng.chance(0.5) ? `${last} ${rng.pick(BUSINESS_KINDS)}${rng.pick(BUSINESS_SUFFIXES)}` : `${premise.street.replace(/ \w+$/, '')} ${rng.pick(BUSINESS_KINDS)}${rng.pick(BUSINESS_SUFFIXES)}`) : '';
  const withContact = !business || rng.chance(0.5);
  let mail1 = `${premise.house} ${premise.street}`;
  let mail2 = premise.unit ? `Apt ${premise.unit}` : '';
  let mailCity = premise.city;
  let mailState = premise.state;
  let mailZip = premise.zip;
  if (rng.chance(0.08)) {
    // Owner or business mailing elsewhere: a PO box or an address out of the territory.
    const other = rng.pick(OTHER_CITIES);
    mail1 = rng.chance(0.4) ? `PO Box ${rng.int(10, 9999)}` : `${rng.int(1, 9999)} ${streetName(rng)}`;
    mail2 = rng.chance(0.2) ? `Suite ${rng.int(100, 900)}` : '';
    mailCity = other.city;
    mailState = other.state;
    mailZip = zipOf(rng, other.zips);
  }
  const email = rng.chance(business ? 0.5 : 0.65)
    ? business
      ? `billing${rng.int(1, 99)}@${asciiSlug(businessName).slice(0, 20) || 'shop'}.example.com`
      : `${asciiSlug(first)}.${asciiSlug(last)}${rng.chance(0.5) ? rng.int(1, 99) : ''}@${rng.pick(EMAIL_DOMAINS)}`
    : '';
  const area = rng.pick(AREA_CODES);
  const line = `01${String(rng.int(0, 99)).padStart(2, '0')}`;
  const phoneStyle = rng.next();
  const phone = !rng.chance(0.8) ? '' : phoneStyle < 0.4 ? `${area}-555-${line}` : phoneStyle < 0.7 ? `(${area}) 555-${line}` : phoneStyle < 0.9 ? `${area}555${line}` : `${area}.555.${line}`;
  const touRate = !business && rng.chance(0.2);
  const rateCode = business ? (rng.chance(0.7) ? 'GS1' : 'GS2') : touRate ? 'R-TOU' : 'R1';
  const size = premise.sqft ?? (business ? 8000 : premise.multiUnit ? 1000 : 2000);
  const occupancy = 0.6 + rng.next() * 0.8;

  const servicePoints: ServicePoint[] = [];
  const electricBase = (business ? 10 + size / 60 : 9 + size / 110) * occupancy;
  servicePoints.push({
    id: servicePointId(state, premiseIndex, 'electric'), fuel: 'electric', meterType: premise.electricMeter, meterUnit: 'KWH',
    dailyBase: electricBase, solar: premise.electricMeter === 'AMI' && !premise.multiUnit && unit(state.seed, premiseIndex, SALT.meter, 7) < 0.06,
    key: premiseIndex * 2,
  });
  if (premise.gas) {
    servicePoints.push({
      id: servicePointId(state, premiseIndex, 'gas'), fuel: 'gas', meterType: premise.gasMeter, meterUnit: 'THERMS',
      dailyBase: (business ? 0.8 + size / 4000 : 0.6 + size / 2500) * occupancy, solar: false, key: premiseIndex * 2 + 1,
    });
  }

  const fields: Record<string, string> = {
    customer_id: pad10(permute32(i, ids.customer)),
    premise_id: `P${pad10(permute32(premiseIndex, ids.premise))}`,
    secondary_id: rng.chance(0.2) ? `S${String(permute32(i, ids.secondary) % 100000000).padStart(8, '0')}` : '',
    ccb_account_id: '',
    mail_address_line_1: mail1,
    mail_address_line_2: mail2,
    mail_city: mailCity,
    mail_state: mailState,
    mail_zip_code: mailZip,
    customer_type: business ? 'BUSINESS' : 'RESIDENTIAL',
    business_name: businessName,
    first_name: withContact ? first : '',
    last_name: withContact ? last : '',
    email,
    phone,
    language: rng.pick(LANGUAGES),
    account_id: pad10(permute32(i, ids.account)),
    active_date: compact(activeDay),
    is_account_deletion: '',
    read_cycle: r.code,
    rate_code: rateCode,
    service_house_number: premise.house,
    service_street_name: premise.street,
    service_unit: premise.unit,
    service_city: premise.city,
    service_state: premise.state,
    service_zip_code: premise.zip,
    bldg_sq_foot: premise.sqft === null ? '' : String(premise.sqft),
  };
  return {
    index: i, premiseIndex, business, activeDay, firstReadMonth, moveOutMonth, cycleDay: r.cycleDay, step: r.step,
    parity: r.parity, fields, servicePoints,
    rate: { electric: business ? 0.1085 : touRate ? 0.1190 : 0.1325, gas: business ? 1.04 : 1.18 },
  };
}

/** The inactive date of an account as known on `asOf`: its final read day once that day has come, else none. */
export function inactiveDayAsOf(state: PopulationState, acct: Account, asOf: number): number | undefined {
  const d = readDay(state, acct, acct.moveOutMonth);
  return d <= asOf ? d : undefined;
}

/** A fresh population of `accounts` accounts for a first delivery whose history runs from `historyStart` to `until`. */
export function newPopulation(seed: number, utility: string, accounts: number, historyStart: number, until: number): PopulationState {
  return { seed, utility, historyStart, anchorUntil: until, segments: [{ first: 0, count: accounts }] };
}
