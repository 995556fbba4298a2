/**
 * DuckDB through @duckdb/node-api: read_csv with every column as text, then SQL doing Intake's checks: types,
 * patterns and enums per field, the row rules, repeated records and the entity rules of the customer data,
 * read order / corrections / overlaps per service point with window functions, an anti-join for unknown
 * service points; for interval files the grid and the order and corrections per channel.
 * Prints {rows, counts} as JSON. BENCH_PEER_ROWS caps the data rows read per file (LIMIT).
 */
import { basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const CAP = process.env.BENCH_PEER_ROWS ? Number(process.env.BENCH_PEER_ROWS) : undefined;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = async (sql) => (await con.runAndReadAll(sql)).getRowObjects();
const counts = {};
let rows = 0;

const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const load = async (table, file) => {
  // row_number() over the scan in insertion order gives the line (header = line 1).
  await q(`CREATE TABLE ${table} AS SELECT row_number() OVER () + 1 AS line, * FROM read_csv(${lit(file)}, delim='\t', header=true, all_varchar=true, quote='', escape='', null_padding=true, compression='gzip')${CAP ? ` LIMIT ${CAP}` : ''}`);
  const [{ n }] = await q(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  rows += n;
};
const isDate = (c) => `(regexp_full_match(coalesce(${c}, ''), '\\d{8}') AND try_strptime(${c}, '%Y%m%d') IS NOT NULL AND ${c} >= '18000101' AND ${c} < '22000101')`;
const nullTok = (c) => `coalesce(${c}, '') IN ('NULL', 'null', '\\N', 'NA', 'N/A')`;
const empty = (c) => `coalesce(${c}, '') = ''`;
const STATES = "'AL','AK','AZ','AR','CA','CO','CT','DE','DC','FL','GA','HI','ID','IL','IN','IA','KS','KY','LA','ME','MD','MA','MI','MN','MS','MO','MT','NE','NV','NH','NJ','NM','NY','NC','ND','OH','OK','OR','PA','RI','SC','SD','TN','TX','UT','VT','VA','WA','WV','WI','WY','PR','VI','GU','AS','MP'";
const ZIP = "'\\d{5}|\\d{9}|\\d{5}-\\d{4}'";
const DEC = "'[+-]?(\\d+\\.?\\d*|\\.\\d+)'";

/** Runs one SELECT of named counts and adds the non-zero ones. */
async function tally(sql) {
  const [r] = await q(sql);
  for (const [k, v] of Object.entries(r)) if (Number(v) > 0) counts[k] = (counts[k] ?? 0) + Number(v);
}

async function customer(file) {
  await load('c', file);
  const req = ['customer_id', 'premise_id', 'mail_address_line_1', 'mail_city', 'account_id', 'service_point_id', 'service_house_number', 'service_street_name', 'service_city'];
  const allCols = (await q("SELECT column_name FROM information_schema.columns WHERE table_name = 'c' AND column_name <> 'line'")).map((r) => r.column_name);
  await tally(`SELECT
    ${req.map((c) => `count(*) FILTER (WHERE ${empty(c)}) AS "FIELD_REQUIRED:${c}"`).join(',\n    ')},
    count(*) FILTER (WHERE ${allCols.map(nullTok).join(' OR ')}) AS "FIELD_NULL_TOKEN",
    count(*) FILTER (WHERE mail_state NOT IN (${STATES}) OR mail_state IS NULL) AS "FIELD_BAD_STATE:mail_state",
    count(*) FILTER (WHERE service_state NOT IN (${STATES}) OR service_state IS NULL) AS "FIELD_BAD_STATE:service_state",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(mail_zip_code, ''), ${ZIP})) AS "FIELD_BAD_ZIP:mail_zip_code",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(service_zip_code, ''), ${ZIP})) AS "FIELD_BAD_ZIP:service_zip_code",
    count(*) FILTER (WHERE coalesce(customer_type, '') NOT IN ('RESIDENTIAL', 'BUSINESS')) AS "FIELD_BAD_ENUM:customer_type",
    count(*) FILTER (WHERE coalesce(meter_type, '') NOT IN ('', 'AMI', 'AMR', 'MANUAL')) AS "FIELD_BAD_ENUM:meter_type",
    count(*) FILTER (WHERE coalesce(meter_unit, '') NOT IN ('KWH', 'THERMS', 'CCF', 'HCF', 'GALLONS')) AS "FIELD_BAD_ENUM:meter_unit",
    count(*) FILTER (WHERE NOT ${empty('email')} AND NOT regexp_full_match(email, '[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+')) AS "FIELD_BAD_EMAIL:email",
    count(*) FILTER (WHERE NOT ${empty('phone')} AND NOT regexp_full_match(phone, '\\+?1?[\\s().-]*(\\d[\\s().-]*){10}')) AS "FIELD_BAD_PHONE:phone",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(language, ''), '([a-z]{2})?')) AS "FIELD_BAD_LANGUAGE:language",
    count(*) FILTER (WHERE NOT ${isDate('active_date')}) AS "FIELD_BAD_DATE:active_date",
    count(*) FILTER (WHERE NOT ${empty('inactive_date')} AND NOT ${isDate('inactive_date')}) AS "FIELD_BAD_DATE:inactive_date",
    count(*) FILTER (WHERE NOT ${empty('bldg_sq_foot')} AND coalesce(TRY_CAST(bldg_sq_foot AS INTEGER) NOT BETWEEN 1 AND 100000, true)) AS "FIELD_OUT_OF_RANGE:bldg_sq_foot",
    count(*) FILTER (WHERE NOT ${empty('is_account_deletion')}) AS "ROW_DELETION_NOT_ALLOWED",
    count(*) FILTER (WHERE (customer_type = 'BUSINESS' AND ${empty('business_name')}) OR (customer_type = 'RESIDENTIAL' AND (${empty('first_name')} OR ${empty('last_name')}))) AS "ROW_CONDITIONAL_REQUIRED",
    count(*) FILTER (WHERE NOT ${empty('inactive_date')} AND inactive_date < active_date) AS "ROW_DATES_ORDER"
  FROM c`);
  await tally(`SELECT
    (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM c GROUP BY account_id, service_point_id HAVING n > 1)) AS "ENTITY_REPEATED",
    (SELECT count(*) FROM (SELECT line, active_date <> first_value(active_date) OVER (PARTITION BY account_id ORDER BY line) AS changed FROM c) WHERE changed) AS "ACCOUNT_ACTIVE_DATE_CHANGED",
    (SELECT count(*) FROM (SELECT premise_id <> first_value(premise_id) OVER (PARTITION BY service_point_id ORDER BY line) AS moved FROM c) WHERE moved) AS "SERVICE_POINT_REASSIGNED",
    (SELECT count(*) FROM (SELECT upper(concat_ws('|', service_house_number, service_street_name, service_city, left(service_zip_code, 5))) AS addr FROM c WHERE ${empty('service_unit')} GROUP BY addr HAVING count(DISTINCT premise_id) > 1)) AS "SERVICE_UNIT_MISSING"`);
  await q('CREATE TABLE sp AS SELECT DISTINCT service_point_id FROM c');
  await q('DROP TABLE c');
}

async function usage(file, hasCustomer) {
  await load('u', file);
  await tally(`SELECT
    count(*) FILTER (WHERE ${empty('service_point_id')}) AS "FIELD_REQUIRED:service_point_id",
    count(*) FILTER (WHERE ${nullTok('service_point_id')} OR ${nullTok('usage_value')} OR ${nullTok('usage_charge')}) AS "FIELD_NULL_TOKEN",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(usage_value, ''), ${DEC})) AS "FIELD_BAD_NUMBER:usage_value",
    count(*) FILTER (WHERE TRY_CAST(usage_value AS DOUBLE) > 999999999) AS "FIELD_OUT_OF_RANGE:usage_value",
    count(*) FILTER (WHERE TRY_CAST(usage_value AS DOUBLE) < 0) AS "USAGE_NEGATIVE:usage_value",
    count(*) FILTER (WHERE TRY_CAST(usage_value AS DOUBLE) = 0) AS "USAGE_ZERO:usage_value",
    count(*) FILTER (WHERE NOT ${isDate('date_to')}) AS "FIELD_BAD_DATE:date_to",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(duration, ''), '\\d+')) AS "FIELD_NOT_INTEGER:duration",
    count(*) FILTER (WHERE TRY_CAST(duration AS INTEGER) NOT BETWEEN 1 AND 400) AS "FIELD_OUT_OF_RANGE:duration",
    count(*) FILTER (WHERE TRY_CAST(duration AS INTEGER) BETWEEN 1 AND 400 AND NOT (TRY_CAST(duration AS INTEGER) BETWEEN 25 AND 35 OR TRY_CAST(duration AS INTEGER) BETWEEN 55 AND 65 OR TRY_CAST(duration AS INTEGER) BETWEEN 85 AND 95 OR TRY_CAST(duration AS INTEGER) BETWEEN 360 AND 370)) AS "USAGE_ODD_CYCLE:duration",
    count(*) FILTER (WHERE coalesce(is_estimate, '') NOT IN ('A', 'E', 'U')) AS "FIELD_BAD_ENUM:is_estimate",
    count(*) FILTER (WHERE NOT ${empty('usage_charge')} AND (NOT regexp_full_match(usage_charge, ${DEC}) OR regexp_matches(usage_charge, '\\.\\d{3,}$'))) AS "FIELD_TOO_MANY_DECIMALS:usage_charge",
    count(*) FILTER (WHERE TRY_CAST(usage_charge AS DOUBLE) < 0) AS "USAGE_NEGATIVE_CHARGE:usage_charge"
  FROM u`);
  // Per service point in file order: the latest end so far, whether this exact period came before.
  await tally(`WITH r AS (
      SELECT line, service_point_id AS sp, strptime(date_to, '%Y%m%d')::DATE AS d, duration::INTEGER AS dur
      FROM u WHERE NOT ${empty('service_point_id')} AND ${isDate('date_to')} AND TRY_CAST(duration AS INTEGER) BETWEEN 1 AND 400),
    w AS (
      SELECT d, dur, max(d) OVER (PARTITION BY sp ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_end,
             row_number() OVER (PARTITION BY sp, d, dur ORDER BY line) AS nth
      FROM r)
    SELECT
      count(*) FILTER (WHERE nth > 1) AS "READ_CORRECTION",
      count(*) FILTER (WHERE nth = 1 AND d <= last_end) AS "READ_OUT_OF_ORDER",
      count(*) FILTER (WHERE d > last_end AND d - dur + 1 <= last_end) AS "READ_OVERLAP"
    FROM w`);
  if (hasCustomer) {
    await tally(`SELECT count(DISTINCT u.service_point_id) AS "USAGE_UNKNOWN_SERVICE_POINT" FROM u ANTI JOIN sp ON u.service_point_id = sp.service_point_id WHERE NOT ${empty('u.service_point_id')}`);
  }
  await q('DROP TABLE u');
}

async function interval(file) {
  await load('i', file);
  await tally(`SELECT
    count(*) FILTER (WHERE ${empty('service_point_id')}) AS "FIELD_REQUIRED:service_point_id",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(usage_value, ''), ${DEC})) AS "FIELD_BAD_NUMBER:usage_value",
    count(*) FILTER (WHERE TRY_CAST(usage_value AS DOUBLE) < 0) AS "USAGE_NEGATIVE:usage_value",
    count(*) FILTER (WHERE NOT ${isDate('date')}) AS "FIELD_BAD_DATE:date",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(time, ''), '([01]\\d|2[0-3])[0-5]\\d')) AS "FIELD_BAD_TIME:time",
    count(*) FILTER (WHERE regexp_full_match(coalesce(time, ''), '\\d{4}') AND TRY_CAST(right(time, 2) AS INTEGER) % 15 <> 0) AS "INTERVAL_OFF_GRID:time",
    count(*) FILTER (WHERE coalesce(units, '') NOT IN ('KWH', 'WH', 'KW', 'KVARH', 'THERMS', 'CCF', 'HCF', 'CF', 'GAL', 'A')) AS "FIELD_BAD_ENUM:units",
    count(*) FILTER (WHERE coalesce(is_estimate, '') NOT IN ('A', 'E', 'U')) AS "FIELD_BAD_ENUM:is_estimate",
    count(*) FILTER (WHERE NOT regexp_full_match(coalesce(UTC_offset, ''), '([+-](0\\d|1[0-4]):[0-5]\\d)?')) AS "FIELD_BAD_OFFSET:UTC_offset",
    count(*) FILTER (WHERE coalesce(service_type, '') NOT IN ('', 'ELECTRIC', 'GAS', 'WATER')) AS "FIELD_BAD_ENUM:service_type",
    count(*) FILTER (WHERE coalesce(service_quantity_identifier, '') NOT IN ('', 'GENERATED')) AS "FIELD_BAD_ENUM:service_quantity_identifier"
  FROM i`);
  await tally(`WITH r AS (
      SELECT line, service_point_id || '|' || coalesce(service_quantity_identifier, '') AS ch,
             strptime(date || time, '%Y%m%d%H%M') AS t
      FROM i WHERE ${isDate('date')} AND regexp_full_match(coalesce(time, ''), '([01]\\d|2[0-3])[0-5]\\d')),
    w AS (SELECT t, max(t) OVER (PARTITION BY ch ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_t FROM r)
    SELECT count(*) FILTER (WHERE t = last_t) AS "INTERVAL_CORRECTION", count(*) FILTER (WHERE t < last_t) AS "INTERVAL_OUT_OF_ORDER" FROM w`);
  await q('DROP TABLE i');
}

let hasCustomer = false;
for (const file of process.argv.slice(2)) {
  const name = basename(file);
  if (name.includes('_customer_')) {
    await customer(file);
    hasCustomer = true;
  } else if (name.includes('_usage_')) await usage(file, hasCustomer);
  else await interval(file);
}
process.stdout.write(`${JSON.stringify({ rows, counts, maxRSS: process.resourceUsage().maxRSS * 1024 })}\n`);
