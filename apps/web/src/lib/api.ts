import type { ErrorBody } from '@parley/contracts';

/** Every API path is relative to this prefix, on the same origin as the app. */
export const API_BASE = '/api/v1';

export interface FieldIssue {
  field: string;
  message: string;
}

/** A failed API call, carrying the server's error body so screens can show its message and field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(init: { status: number; code: string; message: string; issues?: FieldIssue[]; retryAfterSeconds?: number | undefined }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    // Aborts are expected (TanStack Query cancels stale requests); let them through untouched.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Cannot reach the Parley server. Check your connection and try again.',
    });
  }

  if (response.status === 204) return undefined as T;

  const payload: unknown = await readJson(response);
  if (response.ok) return payload as T;
  throw toApiError(response, payload);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  const retryHeader = Number(response.headers.get('Retry-After'));
  const headerRetry = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;

  if (isErrorBody(payload)) {
    const { code, message, issues, retryAfterSeconds } = payload.error;
    return new ApiError({
      status: response.status,
      code,
      message,
      issues: issues ?? [],
      retryAfterSeconds: retryAfterSeconds ?? headerRetry,
    });
  }
  // A body that is not ours (a proxy's HTML page, an empty 502) still deserves a readable message.
  return new ApiError({
    status: response.status,
    code: 'http_error',
    message: `The server answered with an unexpected error (HTTP ${response.status}). Please try again.`,
    retryAfterSeconds: headerRetry,
  });
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Typed helpers; response types come from @parley/contracts at each call site. */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return 'Something went wrong. Please try again.';
}
