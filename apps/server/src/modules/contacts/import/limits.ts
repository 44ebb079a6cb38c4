// The sizes an import works with. A 100,000-row file of a few columns is ~5 MB as .xlsx and ~4 MB as .csv.

/** The largest file taken (the request body limit of the upload route, and openSpreadsheet's cap). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** Data rows per file: a bigger list is split into several imports. */
export const IMPORT_MAX_ROWS = 100_000;
/** The stored file's pieces (bytea rows): small enough that neither side holds the whole file in one value. */
export const FILE_CHUNK_BYTES = 1024 * 1024;
/** Rows per job transaction: one lookup, one insert, one update and one attribute upsert per batch. */
export const IMPORT_BATCH_ROWS = 1000;
/** Rows the preview shows by default, and at most how many problem rows it lists. */
export const PREVIEW_ROWS = 20;
export const PREVIEW_PROBLEMS = 20;
/** A draft nobody started is abandoned (its file deleted) after this long. */
export const DRAFT_TTL_MS = 24 * 3_600_000;
/** The rejected rows of a finished import are kept this long for download, then deleted (they hold personal data). */
export const REJECTS_TTL_MS = 30 * 24 * 3_600_000;
