/**
 * Legacy billing deliveries: the two-file layout (customer + usage) or the single `full` file, for the sample,
 * full and incremental phases. Accounts stream in index order; both files of the two-file layout are written
 * side by side, so nothing grows with the population.
 */
import { join } from 'node:path';
import { LEGACY_BILLING, buildFileName, findFileType, type ColumnSpec, type FileTypeSpec } from '../spec/index.js';
import { compact } from './calendar.js';
import {
  CUSTOMER_FIELD_DEFECTS, DefectPlanner, USAGE_FIELD_DEFECTS, columnIndex, damageField, damageShape, encodeRow,
  renameColumn, type Defect, type DefectKind, type FieldDefectTable,
} from './defects.js';
import type { ManifestFile, Selection } from './manifest.js';
import { accountAt, inactiveDayAsOf, totalAccounts, unknownServicePointId, type Account, type PopulationState, type ServicePoint } from './population.js';
import { hash32, Rng, unit } from './prng.js';
import { correctionOf, lastReadOnOrBefore, readsBetween, type Read } from './reads.js';
import { decimal2, decimal3 } from './format.js';
import { compileRow, type RowCodec } from './rows.js';
import { FileSink, extensionOf, stampToLocalDate, type Compression } from './sink.js';

export interface BillingPlan {
  readonly dir: string;
  readonly state: PopulationState;
  readonly selection: Selection;
  readonly layout: 'two-file' | 'single-file';
  readonly compress: Compression;
  readonly stamp: string;
  readonly defectRate: number;
  /** Reads whose date_to falls in [fromDay, toDay] are written. */
  readonly fromDay: number;
  readonly toDay: number;
  /** Incremental: the last day of the delivery it continues (corrections repeat reads up to that day). */
  readonly previousUntil?: number;
}

export interface BillingResult {
  readonly files: ManifestFile[];
  readonly defects: Defect[];
  readonly accounts: { total: number; active: number; inactive: number };
  readonly servicePoints: number;
}

interface CustomerRecord {
  readonly acct: Account;
  readonly sp: ServicePoint;
  readonly inactive: string;
}

interface UsageRecord {
  readonly sp: string;
  readonly read: Read;
}

/** Customer-file columns: account-level values from the population, the rest per service point. */
function customerCodec(columns: readonly ColumnSpec[]): RowCodec<CustomerRecord> {
  const getters: Record<string, (r: CustomerRecord) => string> = {
    service_point_id: (r) => r.sp.id,
    meter_type: (r) => r.sp.meterType,
    meter_unit: (r) => r.sp.meterUnit,
    inactive_date: (r) => r.inactive,
  };
  // The names the population fills, found from one probe account (a spec column it lacks fails in compileRow).
  const probe: PopulationState = { seed: 1, utility: 'demo', historyStart: 19000, anchorUntil: 20000, segments: [{ first: 0, count: 2 }] };
  for (const name of Object.keys(accountAt(probe, 0).fields)) getters[name] ??= (r) => r.acct.fields[name] ?? '';
  return compileRow(columns, getters);
}

const usageGetters: Record<string, (r: UsageRecord) => string> = {
  service_point_id: (r) => r.sp,
  usage_value: (r) => decimal3(r.read.value),
  date_to: (r) => compact(r.read.dateTo),
  duration: (r) => String(r.read.duration),
  is_estimate: (r) => r.read.estimate,
  usage_charge: (r) => decimal2(r.read.charge),
};

/** Which accounts of the initial population are in the delivery: all, or a random sample drawn in one pass. */
class Selector {
  private selected = 0;
  private readonly rng: Rng;
  private readonly initial: number;

  constructor(private readonly selection: Selection, state: PopulationState) {
    this.rng = new Rng(hash32(state.seed, 0x5a3b1e));
    this.initial = state.segments[0]?.count ?? 0;
  }

  /** Called once per account index, in order. */
  take(i: number): boolean {
    if (this.selection.kind === 'all' || i >= this.initial) return true;
    // Selection sampling (Knuth's algorithm S): exactly `size` of the initial accounts, uniformly at random.
    const need = this.selection.size - this.selected;
    if (need > 0 && (this.initial - i) * this.rng.next() < need) {
      this.selected++;
      return true;
    }
    return false;
  }
}

/** Sample size for a population: 10,000–20,000, or the whole population when it is smaller. */
export function sampleSize(seed: number, population: number): number {
  if (population <= 10000) return population;
  const hi = Math.min(population, 20000);
  return 10000 + Math.floor(unit(seed, 0x5a3b1f) * (hi - 10000 + 1));
}

interface OpenFile {
  readonly name: string;
  readonly type: FileTypeSpec;
  readonly sink: FileSink;
  readonly header: readonly string[];
  readonly cols: ReadonlyMap<string, number>;
  readonly planner: DefectPlanner;
}

function openFile(plan: BillingPlan, typeId: string, defects: Defect[], renameHeader: string | undefined): OpenFile {
  const type = findFileType(LEGACY_BILLING, typeId);
  if (!type) throw new Error(`legacy billing has no file type ${typeId}`);
  const name = buildFileName({ utility: plan.state.utility, population: 'res', version: LEGACY_BILLING.version, typeToken: type.nameToken, stamp: plan.stamp, extension: extensionOf(plan.compress) });
  const sink = new FileSink(join(plan.dir, name), plan.compress, name.replace(/\.zip$/, '.txt'), stampToLocalDate(plan.stamp));
  const header = type.columns.map((c) => c.name);
  const planner = new DefectPlanner(plan.defectRate, plan.state.seed, `${plan.stamp}:${typeId}`);
  // File-level defect: one renamed column nobody else damages, so every row stays checkable by position.
  if (renameHeader && planner.rate > 0 && planner.next() < Math.min(1, planner.rate * 100)) {
    sink.line(renameColumn(header, renameHeader).join('\t'));
    defects.push({ file: name, line: 1, column: renameHeader, kind: 'renamed-column' });
  } else {
    planner.next();
    sink.line(header.join('\t'));
  }
  return { name, type, sink, header, cols: columnIndex(header), planner };
}

/** Writes one row that may be damaged; records the defect at the line it lands on. */
async function writeRow(f: OpenFile, fields: string[] | null, line: string | null, defect: { kind: DefectKind; column: string } | undefined, defects: Defect[]): Promise<void> {
  if (defect) defects.push({ file: f.name, line: f.sink.lines + 1, column: defect.column, kind: defect.kind });
  if (fields) {
    const enc = encodeRow(fields);
    if ('bytes' in enc) await f.sink.rawLine(enc.bytes);
    else f.sink.line(enc.text);
  } else if (line !== null) {
    f.sink.line(line);
  }
}

const SHAPE_KINDS: readonly DefectKind[] = ['short-row', 'long-row'];

/** Picks a field-level or shape defect and applies it to `fields`; always succeeds (long-row applies to any row). */
function damageRow(f: OpenFile, table: FieldDefectTable, fields: string[], allowShape: boolean): { kind: DefectKind; column: string } {
  const kinds: DefectKind[] = [...table.map((e) => e.kind), ...(allowShape ? SHAPE_KINDS : [])];
  for (let attempt = 0; attempt < 4; attempt++) {
    const kind = f.planner.pick(kinds);
    if (kind === 'short-row' || kind === 'long-row') return { kind, column: damageShape(kind, fields, f.header) };
    const column = damageField(kind, table, fields, f.cols, f.planner);
    if (column !== undefined) return { kind, column };
  }
  return { kind: 'long-row', column: damageShape('long-row', fields, f.header) };
}

interface Slot {
  read: Read;
  sp: string;
  defect?: DefectKind;
  /** Rows that must stay as they are (corrections), so no entity defect is built on them. */
  readonly fixed: boolean;
}

/**
 * Decides the defects of one service point's rows. Entity-level defects (order, overlap, unknown point) need
 * the two rows before them clean, so that a validator comparing with the previous read sees the defect.
 */
function planSequence(f: OpenFile, spId: string, rows: { read: Read; fixed: boolean }[], entityKinds: readonly DefectKind[]): Slot[] {
  const slots: Slot[] = rows.map((r) => ({ read: r.read, sp: spId, fixed: r.fixed }));
  for (let k = 0; k < slots.length; k++) {
    if (!f.planner.roll()) continue;
    const slot = slots[k] as Slot;
    const prevClean = k >= 1 && !slots[k - 1]?.defect && !slots[k - 1]?.fixed && (k < 2 || !slots[k - 2]?.defect);
    const options = entityKinds.filter((kind) => kind === 'unknown-service-point' ? !slot.fixed : prevClean && !slot.fixed);
    const useEntity = options.length > 0 && f.planner.next() < 0.25;
    if (!useEntity) {
      slot.defect = 'bad-number'; // placeholder: field kind chosen when the row is encoded
      continue;
    }
    const kind = f.planner.pick(options);
    if (kind === 'out-of-order-read') {
      // The earlier read is written after the later one: the second of the pair is out of order.
      const prev = slots[k - 1] as Slot;
      const earlier = prev.read;
      prev.read = slot.read;
      slot.read = earlier;
    } else if (kind === 'overlapping-read') {
      // Start a few days inside the previous period (not at its start): not a valid overwrite.
      slot.read = { ...slot.read, duration: slot.read.duration + 3 + Math.floor(f.planner.next() * 8) };
    } else {
      slot.sp = unknownServicePointId(hash32(slot.read.dateTo, k, spId.length, Number(spId.slice(-6))));
    }
    slot.defect = kind;
  }
  return slots;
}

const ENTITY_COLUMN: Partial<Record<DefectKind, string>> = {
  'out-of-order-read': 'date_to',
  'overlapping-read': 'duration',
  'unknown-service-point': 'service_point_id',
};

/** Writes a legacy billing delivery and returns what the manifest lists. */
export async function writeLegacyBilling(plan: BillingPlan): Promise<BillingResult> {
  const defects: Defect[] = [];
  const two = plan.layout === 'two-file';
  const customerType = findFileType(LEGACY_BILLING, two ? 'customer' : 'full') as FileTypeSpec;
  const customerColumns = two ? customerType.columns : customerType.columns.filter((c) => c.entity !== 'Usage');
  const usageColumns = two ? (findFileType(LEGACY_BILLING, 'usage') as FileTypeSpec).columns : customerType.columns.filter((c) => c.entity === 'Usage');
  const custCodec = customerCodec(customerColumns);
  const useCodec = compileRow(usageColumns, usageGetters);
  if (!two && customerType.columns.slice(0, customerColumns.length).some((c, k) => c !== customerColumns[k])) {
    throw new Error('the full file does not start with the customer, account and service point blocks');
  }

  const customerFile = openFile(plan, two ? 'customer' : 'full', defects, 'rate_code');
  const usageFile = two ? openFile(plan, 'usage', defects, undefined) : customerFile;
  const entityKinds: DefectKind[] = two ? ['out-of-order-read', 'overlapping-read', 'unknown-service-point'] : ['out-of-order-read', 'overlapping-read'];
  const usageTable: FieldDefectTable = two ? USAGE_FIELD_DEFECTS : [...CUSTOMER_FIELD_DEFECTS, ...USAGE_FIELD_DEFECTS];

  const selector = new Selector(plan.selection, plan.state);
  const total = totalAccounts(plan.state);
  const counts = { total: 0, active: 0, inactive: 0 };
  let servicePoints = 0;
  const incremental = plan.previousUntil !== undefined;

  for (let i = 0; i < total; i++) {
    if (!selector.take(i)) continue;
    const acct = accountAt(plan.state, i);
    const inactiveDay = inactiveDayAsOf(plan.state, acct, plan.toDay);
    if (acct.activeDay > plan.toDay) continue;
    if (inactiveDay !== undefined && inactiveDay < plan.fromDay) continue;
    const inactive = inactiveDay === undefined ? '' : compact(inactiveDay);

    // Reads per service point (plus, in an incremental, a few exact corrections of the last delivered read).
    const perSp: { sp: ServicePoint; rows: { read: Read; fixed: boolean }[] }[] = [];
    let anyRows = false;
    for (const sp of acct.servicePoints) {
      const rows: { read: Read; fixed: boolean }[] = [];
      if (incremental && plan.previousUntil !== undefined) {
        const last = lastReadOnOrBefore(plan.state, acct, sp, plan.previousUntil);
        // Half of the estimated reads delivered last time come back as actual reads (exact overwrites).
        if (last && last.estimate !== 'A' && last.dateTo >= acct.activeDay && unit(plan.state.seed, sp.key, plan.toDay, 0xc0) < 0.5) {
          rows.push({ read: correctionOf(plan.state, acct, sp, last), fixed: true });
        }
      }
      for (const read of readsBetween(plan.state, acct, sp, plan.fromDay, plan.toDay)) rows.push({ read, fixed: false });
      if (rows.length > 0) anyRows = true;
      perSp.push({ sp, rows });
    }
    const changed = acct.activeDay >= plan.fromDay || inactiveDay !== undefined;
    if (incremental && !anyRows && !changed) continue;
    if (!two && !anyRows) continue;

    counts.total++;
    if (inactiveDay === undefined) counts.active++;
    else counts.inactive++;

    for (const { sp, rows } of perSp) {
      servicePoints++;
      const cust: CustomerRecord = { acct, sp, inactive };
      if (two) {
        if (customerFile.planner.roll()) {
          const fields = custCodec.fields(cust);
          const kinds = [...CUSTOMER_FIELD_DEFECTS, { kind: 'dates-order' as const, columns: ['inactive_date'] }];
          const d = damageRow(customerFile, kinds, fields, false);
          await writeRow(customerFile, fields, null, d, defects);
        } else {
          customerFile.sink.line(custCodec.line(cust));
        }
      }
      const prefix = two ? '' : `${custCodec.line(cust)}\t`;
      if (usageFile.planner.rate === 0) {
        // Clean delivery: the hot path, no defect planning.
        for (const r of rows) usageFile.sink.line(prefix + useCodec.line({ sp: sp.id, read: r.read }));
        continue;
      }
      const prefixFields = two ? [] : custCodec.fields(cust);
      for (const slot of planSequence(usageFile, sp.id, rows, entityKinds)) {
        const rec: UsageRecord = { sp: slot.sp, read: slot.read };
        if (!slot.defect) {
          usageFile.sink.line(prefix + useCodec.line(rec));
          continue;
        }
        const fields = [...prefixFields, ...useCodec.fields(rec)];
        const entityColumn = ENTITY_COLUMN[slot.defect];
        if (entityColumn !== undefined) {
          await writeRow(usageFile, fields, null, { kind: slot.defect, column: entityColumn }, defects);
        } else {
          await writeRow(usageFile, fields, null, damageRow(usageFile, usageTable, fields, true), defects);
        }
      }
    }
    if (customerFile.sink.full) await customerFile.sink.flush();
    if (two && usageFile.sink.full) await usageFile.sink.flush();
  }

  await customerFile.sink.close();
  if (two) await usageFile.sink.close();
  const files: ManifestFile[] = [{ name: customerFile.name, rows: customerFile.sink.lines - 1 }];
  if (two) files.push({ name: usageFile.name, rows: usageFile.sink.lines - 1 });
  return { files, defects, accounts: counts, servicePoints };
}
