import type { ContactView, tagRule } from '@parley/contracts';
import { api } from '../../lib/api';

export type TagRule = ReturnType<typeof tagRule.parse>;
export type TagRuleMatch = TagRule['match'];

export const contactKeys = {
  all: ['contacts'] as const,
  detail: (id: string) => ['contacts', 'detail', id] as const,
  tagRules: ['first-message-tags'] as const,
};

export const contactsApi = {
  get: (id: string, signal?: AbortSignal) => api.get<ContactView>(`/contacts/${encodeURIComponent(id)}`, signal),
  pauseBot: (id: string, minutes: number) => api.post<ContactView>(`/contacts/${encodeURIComponent(id)}/pause-bot`, { minutes }),
  resumeBot: (id: string) => api.post<ContactView>(`/contacts/${encodeURIComponent(id)}/pause-bot`, { resume: true }),
  setInfiniteSession: (id: string, enabled: boolean) =>
    api.put<ContactView>(`/contacts/${encodeURIComponent(id)}/infinite-session`, { enabled }),

  tagRules: (signal?: AbortSignal) => api.get<{ items: TagRule[] }>('/first-message-tags', signal),
  createTagRule: (body: Omit<TagRule, 'id'>) => api.post<TagRule>('/first-message-tags', body),
  deleteTagRule: (id: string) => api.delete(`/first-message-tags/${encodeURIComponent(id)}`),
};
