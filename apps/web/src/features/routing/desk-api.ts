import type { Agent, AgentAvailability, MyAvailability, SkillsetReadiness, TransferRequest, TransferResult } from '@parley/contracts';
import { api } from '../../lib/api';

/** Query keys of the agent desk; the live listener invalidates through these. */
export const deskKeys = {
  agents: ['agents'] as const,
  myAvailability: ['agents', 'me', 'availability'] as const,
  readiness: ['skillsets', 'readiness'] as const,
};

export const deskApi = {
  agents: (signal?: AbortSignal) => api.get<{ items: Agent[] }>('/agents', signal),
  myAvailability: (signal?: AbortSignal) => api.get<MyAvailability>('/agents/me/availability', signal),
  setMyAvailability: (availability: AgentAvailability) => api.put<MyAvailability>('/agents/me/availability', { availability }),
  readiness: (signal?: AbortSignal) => api.get<{ items: SkillsetReadiness[] }>('/skillsets/readiness', signal),
  transfer: (conversationId: string, body: TransferRequest) =>
    api.post<TransferResult>(`/conversations/${encodeURIComponent(conversationId)}/transfer`, body),
};
