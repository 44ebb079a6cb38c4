import type {
  ContactAttributes,
  ContactListPage,
  ContactView,
  MergeContactsRequest,
  PrivacyRequestKind,
  PrivacyRequestStatus,
  PrivacyRequestView,
  RetentionPolicy,
  RetentionPolicyView,
} from '@parley/contracts';
import { API_BASE, api } from '../../../lib/api';

export const privacyKeys = {
  requests: ['privacy-requests'] as const,
  list: (filter: { status?: PrivacyRequestStatus; contactId?: string }) => ['privacy-requests', filter] as const,
  retention: ['settings', 'retention'] as const,
};

const contactPath = (id: string) => `/contacts/${encodeURIComponent(id)}`;
const requestPath = (id: string) => `/privacy-requests/${encodeURIComponent(id)}`;

export const privacyApi = {
  merge: (contactId: string, body: MergeContactsRequest) => api.post<ContactView>(`${contactPath(contactId)}/merge`, body),
  search: (q: string, signal?: AbortSignal) =>
    api.get<ContactListPage>(`/contacts?${new URLSearchParams({ q, limit: '10', sort: 'lastActiveAt', order: 'desc' })}`, signal),
  attributes: (contactId: string, signal?: AbortSignal) => api.get<ContactAttributes>(`${contactPath(contactId)}/attributes`, signal),

  request: (contactId: string, kind: PrivacyRequestKind) =>
    api.post<PrivacyRequestView>(`${contactPath(contactId)}/privacy-requests`, { kind }),
  list: (filter: { status?: PrivacyRequestStatus; contactId?: string }, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (filter.status) params.set('status', filter.status);
    if (filter.contactId) params.set('contactId', filter.contactId);
    return api.get<{ items: PrivacyRequestView[] }>(`/privacy-requests?${params}`, signal);
  },
  execute: (id: string) => api.post<PrivacyRequestView>(`${requestPath(id)}/execute`),
  cancel: (id: string) => api.post<PrivacyRequestView>(`${requestPath(id)}/cancel`),
  /** The browser downloads it with the session cookie; the archive is built as it streams. */
  downloadUrl: (id: string) => `${API_BASE}${requestPath(id)}/export.zip`,

  retention: (signal?: AbortSignal) => api.get<RetentionPolicyView>('/settings/retention', signal),
  saveRetention: (body: RetentionPolicy) => api.put<RetentionPolicyView>('/settings/retention', body),
};
