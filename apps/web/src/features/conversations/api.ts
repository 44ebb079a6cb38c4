import type { ConversationSettingsView, ConversationSummary, MessageView } from '@parley/contracts';
import { api } from '../../lib/api';

export type ConversationState = ConversationSummary['state'];

export interface ConversationDetail extends ConversationSummary {
  messages: MessageView[];
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

/** Query keys of the conversations area; the live listener invalidates through these. */
export const conversationKeys = {
  all: ['conversations'] as const,
  lists: ['conversations', 'list'] as const,
  list: (state: ConversationState | null) => ['conversations', 'list', state ?? 'all'] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  settings: ['settings', 'conversations'] as const,
};

const PAGE_SIZE = 25;

export const conversationsApi = {
  list: (state: ConversationState | null, cursor: string | undefined, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (state) params.set('state', state);
    if (cursor) params.set('cursor', cursor);
    return api.get<ConversationPage>(`/conversations?${params.toString()}`, signal);
  },
  get: (id: string, signal?: AbortSignal) => api.get<ConversationDetail>(`/conversations/${encodeURIComponent(id)}`, signal),
  sendText: (id: string, text: string) => api.post<MessageView>(`/conversations/${encodeURIComponent(id)}/messages`, { text }),
  close: (id: string, reason: string) => api.post<ConversationDetail>(`/conversations/${encodeURIComponent(id)}/close`, { reason }),

  settings: (signal?: AbortSignal) => api.get<ConversationSettingsView>('/settings/conversations', signal),
  saveSettings: (body: ConversationSettingsView) => api.put<ConversationSettingsView>('/settings/conversations', body),
};
