import type { SimulatorSendRequest, simulatorChannel, simulatorOutboxItem, simulatorSendResult } from '@parley/contracts';
import { api } from '../../lib/api';

export type SimulatorChannel = ReturnType<typeof simulatorChannel.parse>;
export type SimulatorSendResult = ReturnType<typeof simulatorSendResult.parse>;
export type SimulatorOutboxItem = ReturnType<typeof simulatorOutboxItem.parse>;

export const simulatorKeys = {
  all: ['simulator'] as const,
  channel: ['simulator', 'channel'] as const,
  outboxes: ['simulator', 'outbox'] as const,
  outbox: (waId: string) => ['simulator', 'outbox', waId] as const,
};

export const simulatorApi = {
  start: () => api.post<SimulatorChannel>('/simulator/start'),
  send: (body: SimulatorSendRequest) => api.post<SimulatorSendResult>('/simulator/messages', body),
  outbox: (waId: string, signal?: AbortSignal) =>
    api.get<{ items: SimulatorOutboxItem[] }>(`/simulator/outbox?${new URLSearchParams({ waId }).toString()}`, signal),
};
