import type {
  AdminConversationInfo,
  AdminListCounts,
  AdminListName,
  AdminListPage,
  EmailTranscriptRequest,
  EmailTranscriptResult,
} from '@parley/contracts';
import { API_BASE, api } from '../../lib/api';

/** What a list shows: everything but the page, which the cursor picks. Empty filters are left out. */
export interface AdminListParams {
  list: AdminListName;
  sort: string;
  order: 'asc' | 'desc';
  pageSize: number;
  status?: 'active' | 'closed';
  skillsetId?: string;
  agentId?: string;
  /** Instants (ISO), already turned from the viewer's dates in their time zone. */
  from?: string;
  to?: string;
}

export const adminKeys = {
  all: ['admin-views'] as const,
  counts: ['admin-views', 'counts'] as const,
  page: (p: AdminListParams, cursor: string | null) => ['admin-views', 'list', p, cursor] as const,
  info: (id: string) => ['admin-views', 'info', id] as const,
};

function filterParams(p: AdminListParams): URLSearchParams {
  const params = new URLSearchParams({ sort: p.sort, order: p.order });
  for (const key of ['status', 'skillsetId', 'agentId', 'from', 'to'] as const) {
    const v = p[key];
    if (v) params.set(key, v);
  }
  return params;
}

/** The download of exactly what the list shows (its filters and sort, every page); the browser sends the cookie. */
export function exportUrl(p: AdminListParams): string {
  return `${API_BASE}/admin/conversations/${p.list}.xlsx?${filterParams(p)}`;
}

export const adminApi = {
  page: (p: AdminListParams, cursor: string | null, signal?: AbortSignal) => {
    const params = filterParams(p);
    params.set('pageSize', String(p.pageSize));
    if (cursor) params.set('cursor', cursor);
    return api.get<AdminListPage>(`/admin/conversations/${p.list}?${params}`, signal);
  },
  counts: (signal?: AbortSignal) => api.get<AdminListCounts>('/admin/conversations/counts', signal),
  info: (id: string, signal?: AbortSignal) => api.get<AdminConversationInfo>(`/admin/conversations/${encodeURIComponent(id)}/info`, signal),
  email: (id: string, body: EmailTranscriptRequest) =>
    api.post<EmailTranscriptResult>(`/admin/conversations/${encodeURIComponent(id)}/email`, body),
};
