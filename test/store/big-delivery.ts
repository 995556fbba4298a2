/** A large, valid legacy billing delivery written fast (crash tests); the same code gives the expected export. */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fileType } from './helpers.js';

const READS = 24;
const ENDS = Array.from({ length: READS }, (_, i) => {
  const y = 2022 + Math.floor(i / 12);
  const m = (i % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { dateTo: `${y}${String(m).padStart(2, '0')}${last}`, duration: String(last) };
});

const custCols = fileType('customer').columns.map((c) => c.name);

export function servicePointsFor(rows: number): number {
  return Math.ceil(rows / READS);
}

/** Customer-file data lines (no header), in export order. */
export function* customerLines(sps: number): Generator<string> {
  for (let i = 0; i < sps; i++) {
    const id = String(i).padStart(7, '0');
    const v: Record<string, string> = {
      customer_id: `C${id}`, premise_id: `P${id}`, mail_address_line_1: `${i} Main St`, mail_city: 'Richmond', mail_state: 'VA',
      mail_zip_code: '23220', customer_type: 'RESIDENTIAL', first_name: 'Ann', last_name: `Lee${i % 97}`, account_id: `A${id}`,
      active_date: '20210101', service_point_id: `S${id}`, service_house_number: String(i), service_street_name: 'Main St',
      service_city: 'Richmond', service_state: 'VA', service_zip_code: '23220', meter_type: 'AMI', meter_unit: 'KWH',
    };
    yield custCols.map((c) => v[c] ?? '').join('\t');
  }
}

/** Usage-file data lines (no header), in export order. */
export function* usageLines(rows: number): Generator<string> {
  let n = 0;
  for (let i = 0; n < rows; i++) {
    const sp = `S${String(i).padStart(7, '0')}`;
    for (let k = 0; k < READS && n < rows; k++, n++) {
      const e = ENDS[k]!;
      const v = 300 + ((i * 31 + k * 17) % 900);
      yield `${sp}\t${v}.${k % 10}0\t${e.dateTo}\t${e.duration}\t${k % 7 ? 'A' : 'E'}\t${(v * 0.13).toFixed(2)}`;
    }
  }
}

async function writeLines(file: string, header: string, lines: Iterable<string>): Promise<void> {
  async function* chunks(): AsyncGenerator<string> {
    yield `${header}\n`;
    let batch: string[] = [];
    for (const l of lines) {
      batch.push(l);
      if (batch.length === 50_000) {
        yield `${batch.join('\n')}\n`;
        batch = [];
      }
    }
    if (batch.length) yield `${batch.join('\n')}\n`;
  }
  await pipeline(chunks(), createGzip({ level: 1 }), createWriteStream(file));
}

/** Writes the two files of a `rows`-read delivery of utility `demo` stamped `stamp`. */
export async function writeBigDelivery(dir: string, rows: number, stamp: string): Promise<{ path: string; name: string }[]> {
  const c = `opwr_demo_res_1-19-0_customer_${stamp}.gz`;
  const u = `opwr_demo_res_1-19-0_usage_${stamp}.gz`;
  await writeLines(path.join(dir, c), custCols.join('\t'), customerLines(servicePointsFor(rows)));
  await writeLines(path.join(dir, u), fileType('usage').columns.map((x) => x.name).join('\t'), usageLines(rows));
  return [{ path: path.join(dir, c), name: c }, { path: path.join(dir, u), name: u }];
}
