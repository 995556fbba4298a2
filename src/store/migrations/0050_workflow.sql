-- The workflow's tables: utilities, their feeds (one per standard), deliveries with their rounds and reports,
-- the audit log, API tokens and the durable job queue. Owned by src/workflow, src/jobs and src/api.

CREATE TABLE utilities (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  -- Profile overrides on top of the default profile (spec/DECISIONS.md); `eu` and `expectedAccounts` live here.
  profile     jsonb NOT NULL DEFAULT '{}'::jsonb,
  webhook_url text,
  webhook_secret text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- SFTP public keys of a utility (user name = utility code); read by the SFTP server.
CREATE TABLE utility_keys (
  id          bigserial PRIMARY KEY,
  utility     text NOT NULL REFERENCES utilities(code) ON DELETE CASCADE,
  public_key  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (utility, public_key)
);

CREATE TABLE feeds (
  id          bigserial PRIMARY KEY,
  utility     text NOT NULL REFERENCES utilities(code) ON DELETE CASCADE,
  standard    text NOT NULL,
  phase       text NOT NULL CHECK (phase IN ('sample', 'full', 'incremental', 'auto')),
  -- yyyyMMddHHmmss of the newest file loaded for this feed (incremental stamp order).
  last_processed_stamp text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (utility, standard)
);

-- Accounts of the feed's approved sample: the full historical must hold every one of them.
CREATE TABLE feed_sample_accounts (
  feed_id     bigint NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  account_id  text NOT NULL,
  PRIMARY KEY (feed_id, account_id)
);

CREATE TABLE deliveries (
  id          text PRIMARY KEY,
  utility     text NOT NULL REFERENCES utilities(code) ON DELETE CASCADE,
  feed_id     bigint NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  standard    text NOT NULL,
  phase       text NOT NULL CHECK (phase IN ('sample', 'full', 'incremental')),
  round       integer NOT NULL,
  source      text NOT NULL CHECK (source IN ('upload', 'shared_files', 'Uploads')),
  status      text NOT NULL CHECK (status IN ('received', 'validating', 'rejected', 'awaiting-review', 'approved', 'loading', 'loaded', 'failed')),
  files       jsonb NOT NULL,
  summary     jsonb,
  as_of       text,
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (feed_id, phase, round)
);
CREATE INDEX deliveries_utility_created ON deliveries (utility, created_at DESC);

-- One validation result per delivery (the JSON report of contract.md).
CREATE TABLE delivery_reports (
  delivery_id text PRIMARY KEY REFERENCES deliveries(id) ON DELETE CASCADE,
  report      jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Every transition of a delivery or a feed: who, when, what, and why.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  utility     text NOT NULL,
  delivery_id text,
  feed_id     bigint,
  action      text NOT NULL,
  from_state  text,
  to_state    text NOT NULL,
  actor       text NOT NULL,
  comment     text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_utility ON audit_log (utility, id);
CREATE INDEX audit_log_delivery ON audit_log (delivery_id, id);

-- API tokens, stored as sha256 hashes; a utility token is scoped to its utility.
CREATE TABLE api_tokens (
  id          bigserial PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  role        text NOT NULL CHECK (role IN ('operator', 'utility')),
  utility     text REFERENCES utilities(code) ON DELETE CASCADE,
  label       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'utility') = (utility IS NOT NULL))
);

-- The durable job queue (src/jobs/queue.ts). Jobs with the same lock_key run one at a time, in id order.
CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  payload      jsonb NOT NULL,
  lock_key     text,
  -- Within one lock key, jobs run in (order_key, id) order: a feed's loads go by file stamp, not arrival.
  order_key    text NOT NULL DEFAULT '',
  dedupe_key   text UNIQUE,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  run_at       timestamptz NOT NULL DEFAULT now(),
  locked_by    text,
  locked_until timestamptz,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_ready ON jobs (status, run_at, id);
CREATE INDEX jobs_lock ON jobs (lock_key, status);
