import { AppError } from '../errors';

/** A file we refuse to read: always a 400 that says what is wrong with it, never a crash. */
export function spreadsheetError(message: string): AppError {
  return new AppError('bad_request', message, { issues: [{ field: 'file', message }] });
}

/** Turn whatever a parser threw into a spreadsheetError (ours pass through unchanged). */
export function asSpreadsheetError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err);
  return spreadsheetError(`The file could not be read as ${what}: ${detail}`);
}
