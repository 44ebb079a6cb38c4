import type { CreateSkillsetRequest, Skillset, UpdateSkillsetRequest } from '@parley/contracts';
import { api } from '../../lib/api';

export const routingKeys = {
  skillsets: ['skillsets'] as const,
};

const path = (id: string) => `/skillsets/${encodeURIComponent(id)}`;

export const skillsetsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Skillset[] }>('/skillsets', signal),
  create: (body: CreateSkillsetRequest) => api.post<Skillset>('/skillsets', body),
  update: (id: string, body: UpdateSkillsetRequest) => api.patch<Skillset>(path(id), body),
  remove: (id: string) => api.delete(path(id)),
  /** Replaces the members; every id must be an active user of the workspace. */
  setMembers: (id: string, userIds: string[]) => api.put<Skillset>(`${path(id)}/members`, { userIds }),
};
