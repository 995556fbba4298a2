-- Raw files of a finished delivery are deleted after the utility's retention period (60 days, 30 for EU
-- utilities); the delivery, its report and what was loaded stay. NULL: the files are still there.
ALTER TABLE deliveries ADD COLUMN files_purged_at timestamptz;
CREATE INDEX deliveries_purge ON deliveries (utility, created_at) WHERE files_purged_at IS NULL;
