import type { AttributeDefinition, CreateAttributeRequest, UpdateAttributeRequest } from '@parley/contracts';
import { api } from '../../../lib/api';

/**
 * Custom attribute definitions: one list per workspace. The contacts list's filters cache the same `{ items }` under
 * the same key (features/contacts/list-api.ts), so a change here shows there at once.
 */
export const attributeKeys = {
  definitions: ['attributes'] as const,
};

const path = (key: string) => `/attributes/${encodeURIComponent(key)}`;

export const attributesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: AttributeDefinition[] }>('/attributes', signal),
  create: (body: CreateAttributeRequest) => api.post<AttributeDefinition>('/attributes', body),
  update: (key: string, body: UpdateAttributeRequest) => api.patch<AttributeDefinition>(path(key), body),
  remove: (key: string) => api.delete(path(key)),
};
