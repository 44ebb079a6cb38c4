import type {
  CampaignAudiencePage,
  CampaignConfirmResult,
  CampaignDraft,
  CampaignHistoryItem,
  CampaignHistoryPage,
  CampaignPreview,
  CampaignRecipientsPage,
  CampaignStatus,
  CampaignValidationPage,
  CampaignValidationResult,
  ContactSelection,
  CreateCampaignRequest,
  RecipientStatus,
  TemplateList,
  UpdateCampaignRequest,
} from '@parley/contracts';
import { API_BASE, ApiError, api } from '../../lib/api';

export type ValidationList = 'messages' | 'rejected';

export const campaignKeys = {
  all: ['campaigns'] as const,
  history: (page: number, pageSize: number, status: CampaignStatus | null) => ['campaigns', 'history', page, pageSize, status] as const,
  one: (id: string) => ['campaigns', id] as const,
  recipients: (id: string, page: number, pageSize: number, status: RecipientStatus | null) =>
    ['campaigns', id, 'recipients', page, pageSize, status] as const,
  draft: (id: string) => ['campaigns', id, 'draft'] as const,
  audience: (id: string, page: number, pageSize: number) => ['campaigns', id, 'draft', 'audience', page, pageSize] as const,
  preview: (id: string, rowNo: number | null) => ['campaigns', id, 'draft', 'preview', rowNo] as const,
  validation: (id: string, list: ValidationList, page: number, pageSize: number) =>
    ['campaigns', id, 'draft', 'validation', list, page, pageSize] as const,
  templates: (channelId: string) => ['templates', 'approved', channelId] as const,
};

const path = (id: string) => `/campaigns/${encodeURIComponent(id)}`;
const pageParams = (page: number, pageSize: number, extra: Record<string, string | null> = {}) => {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  return params;
};

/** Download links: the browser fetches them with the session cookie. */
export const campaignFiles = {
  sample: (id: string) => `${API_BASE}${path(id)}/audience/sample.xlsx`,
  validation: (id: string, list: ValidationList) => `${API_BASE}${path(id)}/validation/${list}.xlsx`,
  /** The list as filtered on screen. */
  history: (status: CampaignStatus | null) => `${API_BASE}/campaigns.xlsx${status ? `?status=${status}` : ''}`,
  recipients: (id: string, status: RecipientStatus | null) => `${API_BASE}${path(id)}/recipients.xlsx${status ? `?status=${status}` : ''}`,
};

/** The audience file goes up as the raw body (the server sniffs xlsx vs csv); errors read like every other call's. */
async function uploadFile(id: string, file: File, phoneColumn?: string): Promise<unknown> {
  const isCsv = /\.csv$/i.test(file.name);
  let response: Response;
  try {
    response = await fetch(
      `${API_BASE}${path(id)}/audience/file?${new URLSearchParams({ fileName: file.name, ...(phoneColumn ? { phoneColumn } : {}) })}`,
      {
        method: 'PUT',
        headers: {
          Accept: 'application/json',
          'Content-Type': isCsv ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: file,
        credentials: 'same-origin',
      },
    );
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Cannot reach the Parley server. Check your connection and try again.',
    });
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (response.ok) return payload;
  const error = (payload as { error?: { code?: string; message?: string; issues?: Array<{ field: string; message: string }> } } | undefined)
    ?.error;
  if (error?.code && error.message)
    throw new ApiError({ status: response.status, code: error.code, message: error.message, issues: error.issues ?? [] });
  const message =
    response.status === 413
      ? 'The file is too large to upload.'
      : `The server answered with an unexpected error (HTTP ${response.status}). Please try again.`;
  throw new ApiError({ status: response.status, code: 'http_error', message });
}

export const campaignsApi = {
  // ——— wizard ———
  create: (body: CreateCampaignRequest) => api.post<{ id: string }>('/campaigns', body),
  draft: (id: string, signal?: AbortSignal) => api.get<CampaignDraft>(`${path(id)}/draft`, signal),
  update: (id: string, body: UpdateCampaignRequest) => api.patch<CampaignDraft>(path(id), body),
  uploadFile,
  setCustomers: (id: string, body: { contactIds: string[] } | { filter: ContactSelection }) =>
    api.put<{ rows: number }>(`${path(id)}/audience/customers`, body),
  setSegment: (id: string, segmentId: string) => api.put<{ rows: number }>(`${path(id)}/audience/segment`, { segmentId }),
  audience: (id: string, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<CampaignAudiencePage>(`${path(id)}/audience?${pageParams(page, pageSize)}`, signal),
  removeRow: (id: string, rowNo: number) => api.delete(`${path(id)}/audience/${rowNo}`),
  addContact: (id: string, contactId: string) => api.post<{ rowNo: number }>(`${path(id)}/audience`, { contactId }),
  preview: (id: string, rowNo: number | null, signal?: AbortSignal) =>
    api.get<CampaignPreview>(`${path(id)}/preview${rowNo ? `?rowNo=${rowNo}` : ''}`, signal),
  validate: (id: string, pageSize: number) => api.post<CampaignValidationResult>(`${path(id)}/validate?pageSize=${pageSize}`),
  validationPage: (id: string, list: ValidationList, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<CampaignValidationPage>(`${path(id)}/validation/${list}?${pageParams(page, pageSize)}`, signal),
  confirm: (id: string) => api.post<CampaignConfirmResult>(`${path(id)}/confirm`),
  retarget: (id: string) => api.post<{ id: string; rows: number }>(`${path(id)}/retarget`),
  /** The approved templates of one WhatsApp number's business account. */
  templates: (channelId: string, signal?: AbortSignal) =>
    api.get<TemplateList>(`/templates?${new URLSearchParams({ channelId, status: 'approved' })}`, signal),

  // ——— history ———
  history: (page: number, pageSize: number, status: CampaignStatus | null, signal?: AbortSignal) =>
    api.get<CampaignHistoryPage>(`/campaigns?${pageParams(page, pageSize, { status })}`, signal),
  one: (id: string, signal?: AbortSignal) => api.get<CampaignHistoryItem>(path(id), signal),
  recipients: (id: string, page: number, pageSize: number, status: RecipientStatus | null, signal?: AbortSignal) =>
    api.get<CampaignRecipientsPage>(`${path(id)}/recipients?${pageParams(page, pageSize, { status })}`, signal),
  control: (id: string, action: 'cancel' | 'pause' | 'resume') => api.post<unknown>(`${path(id)}/${action}`),
};
