import type {
  AttributeDefinition,
  ContactFilter,
  ContactCount,
  ContactListPage,
  ContactSelection,
  ContactSortKey,
  CreateSegmentRequest,
  SegmentView,
} from '@parley/contracts';
import { API_BASE, api } from '../../lib/api';

/** What the contacts list shows: everything but the page, which the cursor picks. */
export interface ListParams {
  q: string;
  filter: ContactFilter | null;
  segment: string | null;
  sort: ContactSortKey;
  order: 'asc' | 'desc';
  limit: number;
}

export const listKeys = {
  all: ['contacts', 'list'] as const,
  page: (params: ListParams, cursor: string | null) => ['contacts', 'list', params, cursor] as const,
  count: (p: Pick<ListParams, 'q' | 'filter' | 'segment'>) => ['contacts', 'list', 'count', selectionBody(p)] as const,
  attributes: ['attributes'] as const,
  segments: ['segments'] as const,
  segment: (id: string) => ['segments', id] as const,
  segmentCount: (id: string) => ['segments', id, 'count'] as const,
};

function selectionParams(p: Pick<ListParams, 'q' | 'filter' | 'segment' | 'sort' | 'order'>): URLSearchParams {
  const params = new URLSearchParams({ sort: p.sort, order: p.order });
  if (p.q.trim()) params.set('q', p.q.trim());
  if (p.filter && p.filter.conditions.length > 0) params.set('filter', JSON.stringify(p.filter));
  if (p.segment) params.set('segment', p.segment);
  return params;
}

/** The same selection as a JSON body ("all N matching"). */
export function selectionBody(p: Pick<ListParams, 'q' | 'filter' | 'segment'>): ContactSelection {
  return {
    ...(p.q.trim() ? { q: p.q.trim() } : {}),
    ...(p.filter && p.filter.conditions.length > 0 ? { filter: p.filter } : {}),
    ...(p.segment ? { segment: p.segment } : {}),
  };
}

/** The download link of the list as it is filtered now: the browser fetches it with the session cookie. */
export function exportUrl(p: ListParams, format: 'xlsx' | 'csv' = 'xlsx'): string {
  return `${API_BASE}/contacts/export.${format}?${selectionParams(p)}`;
}

export const listApi = {
  page: (p: ListParams, cursor: string | null, signal?: AbortSignal) => {
    const params = selectionParams(p);
    params.set('limit', String(p.limit));
    if (cursor) params.set('cursor', cursor);
    return api.get<ContactListPage>(`/contacts?${params}`, signal);
  },
  count: (p: Pick<ListParams, 'q' | 'filter' | 'segment'>, signal?: AbortSignal) => {
    const params = selectionParams({ ...p, sort: 'createdAt', order: 'desc' });
    params.delete('sort');
    params.delete('order');
    return api.get<ContactCount>(`/contacts/count?${params}`, signal);
  },
  attributes: (signal?: AbortSignal) => api.get<{ items: AttributeDefinition[] }>('/attributes', signal),
  segments: (signal?: AbortSignal) => api.get<{ items: SegmentView[] }>('/segments', signal),
  segment: (id: string, signal?: AbortSignal) => api.get<SegmentView>(`/segments/${encodeURIComponent(id)}`, signal),
  segmentCount: (id: string, signal?: AbortSignal) => api.get<{ count: number }>(`/segments/${encodeURIComponent(id)}/count`, signal),
  createSegment: (body: CreateSegmentRequest) => api.post<SegmentView & { members: number | null }>('/segments', body),
  deleteSegment: (id: string) => api.delete(`/segments/${encodeURIComponent(id)}`),
};
