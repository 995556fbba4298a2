/** Writes small delivery files for tests: TSV text in, gzip/zip/plain file out. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { LEGACY_BILLING } from '../../src/spec/legacy-billing.js';
import { INTERVAL } from '../../src/spec/interval.js';

export function tempDir(prefix = 'intake-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeGz(dir: string, name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, gzipSync(typeof text === 'string' ? Buffer.from(text) : text));
  return p;
}

export function writePlain(dir: string, name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

export async function writeZip(dir: string, name: string, entries: { name: string; text: string | Buffer }[]): Promise<string> {
  const p = path.join(dir, name);
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(typeof e.text === 'string' ? Buffer.from(e.text) : e.text, e.name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  writeFileSync(p, Buffer.concat(chunks));
  return p;
}

const cols = (ft: string) => LEGACY_BILLING.fileTypes.find((f) => f.id === ft)!.columns.map((c) => c.name);
export const CUSTOMER_COLUMNS = cols('customer');
export const USAGE_COLUMNS = cols('usage');
export const FULL_COLUMNS = cols('full');
export const INTERVAL_COLUMNS = INTERVAL.fileTypes[0]!.columns.map((c) => c.name);

/** A customer row with sensible defaults; override any column by name. */
export function customerRow(o: Record<string, string> = {}, columns = CUSTOMER_COLUMNS): string {
  const d: Record<string, string> = {
    customer_id: 'C1', premise_id: 'P1', secondary_id: '', ccb_account_id: '', mail_address_line_1: '12 Oak St',
    mail_address_line_2: '', mail_city: 'Richmond', mail_state: 'VA', mail_zip_code: '23220', customer_type: 'RESIDENTIAL',
    business_name: '', first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', phone: '(804) 555-0100', language: 'en',
    account_id: 'A1', active_date: '20230101', inactive_date: '', is_account_deletion: '', read_cycle: '05', rate_code: 'R1',
    service_point_id: 'SP1', service_house_number: '12', service_street_name: 'Oak St', service_unit: '', service_city: 'Richmond',
    service_state: 'VA', service_zip_code: '23220-1234', meter_type: 'AMI', meter_unit: 'KWH', bldg_sq_foot: '1800',
    usage_value: '512.5', date_to: '20240131', duration: '31', is_estimate: 'A', usage_charge: '61.20',
  };
  return columns.map((c) => o[c] ?? d[c] ?? '').join('\t');
}

export function usageRow(o: Record<string, string> = {}): string {
  const d: Record<string, string> = { service_point_id: 'SP1', usage_value: '512.5', date_to: '20240131', duration: '31', is_estimate: 'A', usage_charge: '61.20' };
  return USAGE_COLUMNS.map((c) => o[c] ?? d[c] ?? '').join('\t');
}

export const tsv = (header: readonly string[], rows: readonly string[]): string => [header.join('\t'), ...rows].join('\n') + '\n';

export const CUSTOMER_NAME = 'opwr_demo_res_1-19-0_customer_20250101000000.gz';
export const USAGE_NAME = 'opwr_demo_res_1-19-0_usage_20250101000000.gz';
export const FULL_NAME = 'opwr_demo_res_1-19-0_full_20250101000000.gz';
