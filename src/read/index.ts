export { LineScanner, MAX_FIELDS, LINE_BAD_UTF8, LINE_CONTROL_CHAR, type LineSink } from './lines.js';
export { openSource, archiveProblem, ArchiveError, CHUNK_BYTES, type OpenedSource, type Compression, type SourceProblem } from './open.js';
export { openDecompressed, readLines, readRows, readHeader, type Row } from './rows.js';
export { csvField, splitCsvLine } from './csv-fields.js';
