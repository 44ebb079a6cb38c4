import type {
  BotSettingsView,
  BotTestRequest,
  BotTestResult,
  ExternalBotSettingsView,
  ExternalBotTestResult,
  PutExternalBotRequest,
  UpdateBotSettingsRequest,
} from '@parley/contracts';
import { api } from '../../lib/api';

export const botKeys = {
  all: ['bot'] as const,
  settings: ['bot', 'settings'] as const,
  external: ['bot', 'external'] as const,
};

export const botApi = {
  settings: (signal?: AbortSignal) => api.get<BotSettingsView>('/bot/settings', signal),
  save: (body: UpdateBotSettingsRequest) => api.put<BotSettingsView>('/bot/settings', body),
  /** How the built-in bot answers one message; nothing is stored or sent. */
  test: (body: BotTestRequest) => api.post<BotTestResult>('/bot/test', body),

  external: (signal?: AbortSignal) => api.get<ExternalBotSettingsView>('/bot/external', signal),
  saveExternal: (body: PutExternalBotRequest) => api.put<ExternalBotSettingsView>('/bot/external', body),
  /** A signed sample event to the saved URL: the status, latency, and the parsed answer or why it is refused. */
  testExternal: (text?: string) => api.post<ExternalBotTestResult>('/bot/external/test', text ? { text } : {}),
};
