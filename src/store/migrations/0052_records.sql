-- The standards without tables of their own (billing, account, premise, program participation, unsubscribe,
-- customer classification, call center, rates): one row per file type and key, the fields in the spec's
-- column order, last load wins. Before-images in records_prev make a load undoable, as for the other tables.
CREATE TABLE records (
  utility   text NOT NULL COLLATE "C",
  standard  text NOT NULL COLLATE "C",
  file_type text NOT NULL COLLATE "C",
  key       text NOT NULL COLLATE "C",
  fields    jsonb NOT NULL,
  load_no int NOT NULL, file_no smallint NOT NULL, line int NOT NULL,
  PRIMARY KEY (utility, standard, file_type, key)
);
CREATE INDEX records_load ON records (utility, load_no);
CREATE TABLE records_prev (undo_load int NOT NULL, LIKE records);
CREATE INDEX records_prev_undo ON records_prev (undo_load);
CREATE INDEX records_prev_load ON records_prev (load_no);
