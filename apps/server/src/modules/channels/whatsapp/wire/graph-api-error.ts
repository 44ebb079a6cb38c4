// Errors raised by the Graph client, and the parsing of Graph error bodies (reference §5.4).
import { classifyGraphError, type GraphErrorClass } from './graph-errors';
import { ownNumber, ownRecord, ownString } from './read';

/** A failed Graph call. Branch on `classification` (from `code`), never on the message text. */
export class GraphApiError extends Error {
  constructor(
    message: string,
    /** Graph `error.code`; null when there was no Graph error body (network, timeout, bare HTTP error). */
    readonly code: number | null,
    readonly httpStatus: number | null,
    readonly classification: GraphErrorClass,
    /**
     * True when the request may have reached Meta and been acted on (timeout, dropped connection, 5xx,
     * unreadable 2xx). Callers must reconcile (status webhooks, biz_opaque_callback_data) before resending.
     */
    readonly ambiguous: boolean,
    readonly title?: string,
    readonly details?: string,
    readonly fbtraceId?: string,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

/** The media download was refused on our side; none of these is worth retrying as is. */
export class MediaDownloadError extends Error {
  constructor(
    readonly reason: 'origin_refused' | 'too_large' | 'sha256_mismatch' | 'too_many_redirects',
    message: string,
  ) {
    super(message);
    this.name = 'MediaDownloadError';
  }
}

/** A Graph error body (§5.4) → GraphApiError; `message` is "(#code) title", so the title is the rest. */
export function fromGraphBody(json: unknown, httpStatus: number, ambiguousIfUnknown: boolean): GraphApiError {
  const err = ownRecord(json, 'error');
  const rawCode = ownNumber(err, 'code');
  const code = rawCode !== undefined && Number.isInteger(rawCode) ? rawCode : null;
  const message = ownString(err, 'message');
  const title = ownString(err, 'error_user_title') ?? message?.replace(/^\(#\d+\)\s*/, '');
  const details = ownString(ownRecord(err, 'error_data'), 'details') ?? ownString(err, 'error_user_msg');
  const classification = classifyGraphError(code, httpStatus);
  const ambiguous = ambiguousIfUnknown && httpStatus >= 500 && classification === 'transient';
  const what = code === null ? `HTTP ${httpStatus}` : `error ${code} (HTTP ${httpStatus})`;
  return new GraphApiError(
    `Graph API ${what}${title ? `: ${title}` : ''}`,
    code,
    httpStatus,
    classification,
    ambiguous,
    title,
    details,
    ownString(err, 'fbtrace_id'),
  );
}

export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
