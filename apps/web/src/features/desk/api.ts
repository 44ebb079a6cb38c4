import type {
  CannedReply,
  ContactAttributes,
  ContactCampaignItem,
  ContactConversationItem,
  ContactProfile,
  ContactSessionItem,
  ConversationNote,
  CreateCannedReplyRequest,
  DeskView,
  MessageView,
  SendConversationTemplateRequest,
  TemplateView,
  UpdateCannedReplyRequest,
  UploadedAttachment,
} from '@parley/contracts';
import { api, API_BASE, ApiError } from '../../lib/api';
import type { ConversationPage } from '../conversations/api';

/** Query keys of the agent desk's own data; the live listener invalidates through these. */
export const agentDeskKeys = {
  list: (view: DeskView) => ['conversations', 'list', 'desk', view] as const,
  cannedReplies: ['canned-replies'] as const,
  notes: (conversationId: string) => ['conversations', 'notes', conversationId] as const,
  templates: (channelId: string) => ['templates', 'sendable', channelId] as const,
  profile: (contactId: string) => ['contacts', 'desk-profile', contactId] as const,
};

const PAGE_SIZE = 25;
const id = (value: string) => encodeURIComponent(value);

export interface SentTemplate {
  messageId: string;
  conversationId: string;
  status: 'queued';
}

export const agentDeskApi = {
  list: (view: DeskView, cursor: string | undefined, signal?: AbortSignal) => {
    const params = new URLSearchParams({ view, limit: String(PAGE_SIZE) });
    if (cursor) params.set('cursor', cursor);
    return api.get<ConversationPage>(`/desk/conversations?${params.toString()}`, signal);
  },

  cannedReplies: (signal?: AbortSignal) => api.get<{ items: CannedReply[] }>('/canned-replies', signal),
  createCannedReply: (body: CreateCannedReplyRequest) => api.post<CannedReply>('/canned-replies', body),
  updateCannedReply: (replyId: string, body: UpdateCannedReplyRequest) => api.patch<CannedReply>(`/canned-replies/${id(replyId)}`, body),
  deleteCannedReply: (replyId: string) => api.delete(`/canned-replies/${id(replyId)}`),

  notes: (conversationId: string, signal?: AbortSignal) =>
    api.get<{ items: ConversationNote[] }>(`/conversations/${id(conversationId)}/notes`, signal),
  writeNote: (conversationId: string, text: string) => api.post<ConversationNote>(`/conversations/${id(conversationId)}/notes`, { text }),

  /** Approved templates of the number's business account: the ones a conversation on it may send. */
  templates: (channelId: string, signal?: AbortSignal) =>
    api.get<{ items: TemplateView[] }>(`/templates?channelId=${id(channelId)}&status=approved`, signal),
  sendTemplate: (conversationId: string, body: SendConversationTemplateRequest) =>
    api.post<SentTemplate>(`/conversations/${id(conversationId)}/template`, body),

  /** The file itself is the body, with its own Content-Type (the server checks WhatsApp's types and caps). */
  upload: async (conversationId: string, file: File): Promise<UploadedAttachment> => {
    const query = file.name ? `?filename=${encodeURIComponent(file.name)}` : '';
    let response: Response;
    try {
      response = await fetch(`${API_BASE}/conversations/${id(conversationId)}/attachments${query}`, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError({
        status: 0,
        code: 'network_error',
        message: 'Cannot reach the Parley server. Check your connection and try again.',
      });
    }
    const payload = (await response.json().catch(() => undefined)) as
      { error?: { code: string; message: string; issues?: Array<{ field: string; message: string }> } } | UploadedAttachment | undefined;
    if (response.ok) return payload as UploadedAttachment;
    const error = payload && 'error' in payload ? payload.error : undefined;
    throw new ApiError({
      status: response.status,
      code: error?.code ?? 'http_error',
      message: error?.message ?? `The upload failed (HTTP ${response.status}). Please try again.`,
      issues: error?.issues ?? [],
    });
  },
  sendFile: (conversationId: string, file: UploadedAttachment, caption: string) =>
    api.post<MessageView>(`/conversations/${id(conversationId)}/messages`, {
      type: 'media',
      mediaType: file.mediaType,
      fileId: file.fileId,
      ...(caption ? { caption } : {}),
    }),

  /** The profile panel: the contact's profile, top properties and history, each read on its own. */
  profile: (contactId: string, signal?: AbortSignal) => api.get<ContactProfile>(`/contacts/${id(contactId)}/profile`, signal),
  attributes: (contactId: string, signal?: AbortSignal) => api.get<ContactAttributes>(`/contacts/${id(contactId)}/attributes`, signal),
  conversations: (contactId: string, signal?: AbortSignal) =>
    api.get<{ items: ContactConversationItem[] }>(`/contacts/${id(contactId)}/conversations?limit=5`, signal),
  sessions: (contactId: string, signal?: AbortSignal) =>
    api.get<{ items: ContactSessionItem[] }>(`/contacts/${id(contactId)}/sessions?limit=3`, signal),
  campaigns: (contactId: string, signal?: AbortSignal) =>
    api.get<{ items: ContactCampaignItem[] }>(`/contacts/${id(contactId)}/campaigns?limit=5`, signal),
};
