import type { SubmitTemplateRequest, SyncTemplatesResult, TemplateList, TemplateListQuery, TemplateView } from '@parley/contracts';
import { api } from '../../lib/api';

export const templateKeys = {
  all: ['templates'] as const,
  list: (q: TemplateListQuery) => ['templates', 'list', q] as const,
};

export const templatesApi = {
  list: (q: TemplateListQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (q.channelId) params.set('channelId', q.channelId);
    if (q.status) params.set('status', q.status);
    if (q.search) params.set('search', q.search);
    const query = params.toString();
    return api.get<TemplateList>(`/templates${query ? `?${query}` : ''}`, signal);
  },
  /** Reads the number's business account from Meta; answers how many were created, updated and marked deleted. */
  sync: (channelId: string) => api.post<SyncTemplatesResult>('/templates/sync', { channelId }),
  /** Meta reviews it; it stays pending until the status webhook arrives. */
  submit: (body: SubmitTemplateRequest) => api.post<TemplateView>('/templates', body),
};
