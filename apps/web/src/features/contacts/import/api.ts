import type { ContactImport, ContactImportPreview, UpdateContactImportRequest } from '@parley/contracts';
import { API_BASE, ApiError, api } from '../../../lib/api';

export const importKeys = {
  one: (id: string) => ['contacts', 'import', id] as const,
};

const path = (id: string) => `/contacts/import/${encodeURIComponent(id)}`;

/** Download links: the browser fetches them with the session cookie. */
export const importFiles = {
  sample: (format: 'xlsx' | 'csv') => `${API_BASE}/contacts/import/sample?format=${format}`,
  rejected: (id: string, format: 'xlsx' | 'csv') => `${API_BASE}${path(id)}/rejected?format=${format}`,
};

/** The file goes up as the raw body (the server sniffs xlsx vs csv); errors read like every other call's. */
async function upload(file: File): Promise<ContactImportPreview> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/contacts/import?${new URLSearchParams({ fileName: file.name })}`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': /\.csv$/i.test(file.name) ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Cannot reach the Parley server. Check your connection and try again.',
    });
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (response.ok) return payload as ContactImportPreview;
  const error = (payload as { error?: { code?: string; message?: string; issues?: Array<{ field: string; message: string }> } } | undefined)
    ?.error;
  if (error?.code && error.message)
    throw new ApiError({ status: response.status, code: error.code, message: error.message, issues: error.issues ?? [] });
  const message =
    response.status === 413
      ? 'The file is larger than 50 MB: split it into smaller files.'
      : `The server answered with an unexpected error (HTTP ${response.status}).`;
  throw new ApiError({ status: response.status, code: 'http_error', message });
}

export const importApi = {
  upload,
  get: (id: string, signal?: AbortSignal) => api.get<ContactImport>(path(id), signal),
  update: (id: string, body: UpdateContactImportRequest) => api.put<ContactImportPreview>(path(id), body),
  start: (id: string) => api.post<ContactImport>(`${path(id)}/start`),
  cancel: (id: string) => api.delete(path(id)),
};
