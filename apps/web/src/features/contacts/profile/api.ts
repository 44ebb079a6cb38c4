import type {
  BulkActionRequest,
  BulkActionView,
  ContactAttributes,
  ContactCampaignItem,
  ContactConversationItem,
  ContactNote,
  ContactNoteList,
  ContactProfile,
  ContactSessionItem,
  ContactView,
  UpdateContactRequest,
} from '@parley/contracts';
import { API_BASE, api, ApiError } from '../../../lib/api';

const path = (id: string) => `/contacts/${encodeURIComponent(id)}`;

export interface SessionParams {
  order: 'asc' | 'desc';
  bot: string;
}

export const profileKeys = {
  profile: (id: string) => ['contacts', 'detail', id, 'profile'] as const,
  attributes: (id: string) => ['contacts', 'detail', id, 'attributes'] as const,
  notes: (id: string) => ['contacts', 'detail', id, 'notes'] as const,
  sessions: (id: string, p: SessionParams) => ['contacts', 'detail', id, 'sessions', p] as const,
  conversations: (id: string) => ['contacts', 'detail', id, 'conversations'] as const,
  campaigns: (id: string) => ['contacts', 'detail', id, 'campaigns'] as const,
  bulk: (actionId: string) => ['bulk-actions', actionId] as const,
};

export const profileApi = {
  profile: (id: string, signal?: AbortSignal) => api.get<ContactProfile>(`${path(id)}/profile`, signal),
  update: (id: string, body: UpdateContactRequest) => api.patch<ContactView>(path(id), body),
  attributes: (id: string, signal?: AbortSignal) => api.get<ContactAttributes>(`${path(id)}/attributes`, signal),
  setAttributes: (id: string, attributes: Record<string, string | number | boolean | null>) =>
    api.put<ContactAttributes>(`${path(id)}/attributes`, { attributes }),
  sessions: (id: string, p: SessionParams, cursor: string | null, signal?: AbortSignal) => {
    const q = new URLSearchParams({ order: p.order, limit: '20' });
    if (p.bot.trim()) q.set('bot', p.bot.trim());
    if (cursor) q.set('cursor', cursor);
    return api.get<{ items: ContactSessionItem[]; nextCursor: string | null }>(`${path(id)}/sessions?${q}`, signal);
  },
  conversations: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<{ items: ContactConversationItem[]; nextCursor: string | null }>(
      `${path(id)}/conversations?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      signal,
    ),
  campaigns: (id: string, signal?: AbortSignal) => api.get<{ items: ContactCampaignItem[] }>(`${path(id)}/campaigns`, signal),
  notes: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<ContactNoteList>(`${path(id)}/notes${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, signal),
  addNote: (id: string, text: string) => api.post<ContactNote>(`${path(id)}/notes`, { text }),
  editNote: (id: string, noteId: string, text: string) =>
    api.patch<ContactNote>(`${path(id)}/notes/${encodeURIComponent(noteId)}`, { text }),
  deleteNote: (id: string, noteId: string) => api.delete(`${path(id)}/notes/${encodeURIComponent(noteId)}`),
  removePicture: (id: string) => api.delete(`${path(id)}/picture`),
  startBulk: (body: BulkActionRequest) => api.post<BulkActionView>('/bulk-actions', body),
  bulk: (actionId: string, signal?: AbortSignal) => api.get<BulkActionView>(`/bulk-actions/${encodeURIComponent(actionId)}`, signal),
};

/** The picture goes up as the file's own bytes (the server decides what it is from them, not from the name). */
export async function uploadPicture(id: string, file: File): Promise<void> {
  const response = await fetch(`${API_BASE}${path(id)}/picture`, {
    method: 'PUT',
    headers: { 'Content-Type': file.type.startsWith('image/') ? file.type : 'application/octet-stream', Accept: 'application/json' },
    body: file,
    credentials: 'same-origin',
  });
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  throw new ApiError({
    status: response.status,
    code: body?.error?.code ?? 'http_error',
    message:
      response.status === 413
        ? 'The picture is larger than 2 MB.'
        : (body?.error?.message ?? `The upload failed (HTTP ${response.status}).`),
  });
}
