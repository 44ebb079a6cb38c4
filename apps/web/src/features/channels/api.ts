import type {
  Channel,
  CreateTelegramChannelRequest,
  CreateWhatsAppChannelRequest,
  TelegramChannel,
  WhatsAppChannel,
  channelTestResult,
} from '@parley/contracts';
import { api } from '../../lib/api';

export type ChannelTestResult = ReturnType<typeof channelTestResult.parse>;

export const channelKeys = {
  all: ['channels'] as const,
};

export const channelsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Channel[] }>('/channels', signal),
  createWhatsApp: (body: CreateWhatsAppChannelRequest) => api.post<WhatsAppChannel>('/channels/whatsapp', body),
  /** Checks the token with Telegram (getMe) and registers the bot's webhook before answering. */
  createTelegram: (body: CreateTelegramChannelRequest) => api.post<TelegramChannel>('/channels', body),
  test: (id: string) => api.post<ChannelTestResult>(`/channels/${encodeURIComponent(id)}/test`),
  remove: (id: string) => api.delete(`/channels/${encodeURIComponent(id)}`),
};
