-- The production store for legacy billing and interval data, the loads that wrote it, and the before-images
-- that let a load be undone. Every row is keyed by utility code and carries its lineage: the load (load_no),
-- the file of that load (file_no, an index into loads.files) and the 1-based line that last wrote it.
-- Values are kept as sent (text, dates, numerics with their scale) so that an export reproduces the files.
-- The legacy billing tables are partitioned by utility: a utility's first load fills a fresh partition without
-- indexes, builds them by sort and attaches it (much faster than inserting into a live index), and every query
-- of one utility reads only its partition. The loader creates the partitions (store/partitions.ts).

CREATE TABLE loads (
  load_no      serial PRIMARY KEY,
  delivery_id  text NOT NULL,
  utility      text NOT NULL,
  standard     text NOT NULL,
  -- [{ name, fileType, stamp, rows }], in load order (file stamp, then name)
  files        jsonb NOT NULL,
  stamp        text NOT NULL,              -- the latest file stamp of the delivery (yyyyMMddHHmmss)
  status       text NOT NULL CHECK (status IN ('started', 'loaded', 'undone')),
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  undone_at    timestamptz,
  rows_read    bigint NOT NULL DEFAULT 0,
  counts       jsonb NOT NULL DEFAULT '{}'
);
-- One live load per delivery id; an undone load may be loaded again under the same id.
CREATE UNIQUE INDEX loads_delivery_live ON loads (delivery_id) WHERE status <> 'undone';
CREATE INDEX loads_feed ON loads (utility, standard, load_no);

CREATE TABLE customers (
  utility text NOT NULL COLLATE "C",
  customer_id text NOT NULL COLLATE "C",
  premise_id text COLLATE "C",
  secondary_id text,
  ccb_account_id text,
  mail_address_line_1 text,
  mail_address_line_2 text,
  mail_city text,
  mail_state text,
  mail_zip_code text,
  customer_type text,
  business_name text,
  first_name text,
  last_name text,
  email text,
  phone text,
  language text,
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, customer_id)
) PARTITION BY LIST (utility);
CREATE INDEX customers_name ON customers (utility, lower(last_name), lower(first_name));
CREATE INDEX customers_business ON customers (utility, lower(business_name));

CREATE TABLE premises (
  utility text NOT NULL COLLATE "C",
  premise_id text NOT NULL COLLATE "C",
  customer_id text COLLATE "C",                        -- the customer at the premise now (one at a time)
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, premise_id)
) PARTITION BY LIST (utility);

CREATE TABLE accounts (
  utility text NOT NULL COLLATE "C",
  account_id text NOT NULL COLLATE "C",
  customer_id text COLLATE "C",
  active_date date,
  inactive_date date,
  is_account_deletion text,
  read_cycle text,
  rate_code text,
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, account_id)
) PARTITION BY LIST (utility);
CREATE INDEX accounts_customer ON accounts (utility, customer_id);

CREATE TABLE service_points (
  utility text NOT NULL COLLATE "C",
  service_point_id text NOT NULL COLLATE "C",
  premise_id text COLLATE "C",
  service_house_number text,
  service_street_name text,
  service_unit text,
  service_city text,
  service_state text,
  service_zip_code text,
  meter_type text,
  meter_unit text,
  bldg_sq_foot integer,
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, service_point_id)
) PARTITION BY LIST (utility);

-- Which service points an account serves: one row per (account, service point) record of the customer file.
CREATE TABLE account_service_points (
  utility text NOT NULL COLLATE "C",
  account_id text NOT NULL COLLATE "C",
  service_point_id text NOT NULL COLLATE "C",
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, account_id, service_point_id)
) PARTITION BY LIST (utility);
CREATE INDEX account_service_points_sp ON account_service_points (utility, service_point_id);

-- Billed reads: one per service point and period (date_to, duration), after corrections.
CREATE TABLE usage_reads (
  utility text NOT NULL COLLATE "C",
  service_point_id text NOT NULL COLLATE "C",
  date_to date NOT NULL,
  duration integer NOT NULL,
  usage_value numeric NOT NULL,
  is_estimate text,
  usage_charge numeric,
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, service_point_id, date_to, duration)
) PARTITION BY LIST (utility);

-- Interval reads: one per channel (service point, service quantity identifier) and local end time.
-- Key columns hold '' for an empty value. Partitioned by month of the end date on PostgreSQL; the loader
-- creates the month partitions it needs.
CREATE TABLE interval_reads (
  utility text NOT NULL COLLATE "C",
  service_point_id text NOT NULL COLLATE "C",
  service_quantity_identifier text NOT NULL COLLATE "C",
  read_date date NOT NULL,
  read_time text NOT NULL COLLATE "C",                 -- HHmm, local end of the interval
  utc_offset text NOT NULL COLLATE "C",                -- as sent (±HH:MM or '')
  interval_minutes smallint NOT NULL,
  usage_value numeric NOT NULL,
  units text,
  is_estimate text,
  service_type text,
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, service_point_id, service_quantity_identifier, read_date, read_time, utc_offset)
)
PARTITION BY RANGE (read_date) -- postgres-only
;

-- Before-images: every row a load replaced or deleted, with the lineage it had, under the load that replaced
-- it (undo_load). Undoing load L deletes the rows L wrote and puts L's before-images back.
CREATE TABLE customers_prev (undo_load int NOT NULL, LIKE customers);
CREATE TABLE premises_prev (undo_load int NOT NULL, LIKE premises);
CREATE TABLE accounts_prev (undo_load int NOT NULL, LIKE accounts);
CREATE TABLE service_points_prev (undo_load int NOT NULL, LIKE service_points);
CREATE TABLE account_service_points_prev (undo_load int NOT NULL, LIKE account_service_points);
CREATE TABLE usage_reads_prev (undo_load int NOT NULL, LIKE usage_reads);
CREATE TABLE interval_reads_prev (undo_load int NOT NULL, LIKE interval_reads);
CREATE INDEX customers_prev_undo ON customers_prev (undo_load);
CREATE INDEX premises_prev_undo ON premises_prev (undo_load);
CREATE INDEX accounts_prev_undo ON accounts_prev (undo_load);
CREATE INDEX service_points_prev_undo ON service_points_prev (undo_load);
CREATE INDEX account_service_points_prev_undo ON account_service_points_prev (undo_load);
CREATE INDEX usage_reads_prev_undo ON usage_reads_prev (undo_load);
CREATE INDEX interval_reads_prev_undo ON interval_reads_prev (undo_load);
-- Corrections are shown with the value they replaced (bill history).
CREATE INDEX usage_reads_prev_key ON usage_reads_prev (utility, service_point_id, date_to);
