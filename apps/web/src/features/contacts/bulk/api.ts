import type { BulkActionRequest, BulkActionView } from '@parley/contracts';
import { api } from '../../../lib/api';

export const bulkKeys = { action: (id: string) => ['bulk-actions', id] as const };

export const bulkApi = {
  start: (body: BulkActionRequest) => api.post<BulkActionView>('/bulk-actions', body),
  get: (id: string, signal?: AbortSignal) => api.get<BulkActionView>(`/bulk-actions/${encodeURIComponent(id)}`, signal),
};
