import type {
  ApiToken,
  ChangePasswordRequest,
  CreateUserRequest,
  LoginRequest,
  Me,
  UpdateMeRequest,
  UpdateUserRequest,
  User,
} from '@parley/contracts';
import { api, isApiError } from '../../lib/api';

/** Query keys of the identity area, in one place so invalidations cannot drift from the queries. */
export const identityKeys = {
  me: ['me'] as const,
  users: ['users'] as const,
  apiTokens: ['api-tokens'] as const,
  auditLog: ['audit-log'] as const,
};

export interface CreatedApiToken extends ApiToken {
  /** The secret, returned only once, at creation. */
  token: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorType: 'user' | 'api_token' | 'system';
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

/** The signed-in user, or null when there is no session (a 401 is an answer here, not an error). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>('/me', signal);
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export const identityApi = {
  login: (body: LoginRequest) => api.post<Me>('/auth/login', body),
  logout: () => api.post<void>('/auth/logout'),
  updateMe: (body: UpdateMeRequest) => api.patch<Me>('/me', body),
  changePassword: (body: ChangePasswordRequest) => api.post<void>('/me/password', body),

  listUsers: (signal?: AbortSignal) => api.get<{ items: User[] }>('/users', signal),
  createUser: (body: CreateUserRequest) => api.post<User>('/users', body),
  updateUser: (id: string, body: UpdateUserRequest) => api.patch<User>(`/users/${encodeURIComponent(id)}`, body),

  listApiTokens: (signal?: AbortSignal) => api.get<{ items: ApiToken[] }>('/api-tokens', signal),
  createApiToken: (name: string) => api.post<CreatedApiToken>('/api-tokens', { name }),
  revokeApiToken: (id: string) => api.delete(`/api-tokens/${encodeURIComponent(id)}`),

  auditLog: (before: number | undefined, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: '50' });
    if (before !== undefined) params.set('before', String(before));
    return api.get<AuditPage>(`/audit-log?${params.toString()}`, signal);
  },
};
