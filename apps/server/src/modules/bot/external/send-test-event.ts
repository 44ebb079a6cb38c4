import type { ExternalBotTestResult } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import type { Resolver } from './address-guard';
import { callBot } from './call-bot';
import type { ExternalBotEvent } from './protocol';
import { externalBotConfig } from './settings';

const SAMPLE_IDS = { conversation: '00000000-0000-4000-8000-000000000001', contact: '00000000-0000-4000-8000-000000000002' };

/**
 * "Send test event": a signed sample event, now, with the saved settings. Nothing of the answer is applied; the
 * admin sees the status, the latency, and the parsed answer or precisely why it would be refused.
 */
export async function sendTestEvent(deps: Deps, workspaceId: string, text?: string, resolve?: Resolver): Promise<ExternalBotTestResult> {
  const config = await externalBotConfig(deps, workspaceId);
  if (!config) throw new AppError('conflict', 'Save the external bot URL and secret first');
  const id = randomUUID();
  const event: ExternalBotEvent & { test: true } = {
    event: 'message',
    test: true,
    id,
    workspaceId,
    conversation: { id: SAMPLE_IDS.conversation, state: 'bot', channelKind: 'whatsapp' },
    contact: { id: SAMPLE_IDS.contact, name: 'Test Customer', phone: '+15550100000', attributes: {} },
    message: { id, type: 'text', text: text ?? 'Hello! This is a test event from Parley.' },
    sentAt: deps.clock.now().toISOString(),
  };
  const outcome = await callBot(config, JSON.stringify(event), {
    timestamp: Math.floor(deps.clock.now().getTime() / 1000),
    eventId: id,
    resolve,
  });
  return outcome.ok
    ? { ok: true, status: outcome.status, latencyMs: outcome.latencyMs, answer: outcome.answer, reason: null }
    : { ok: false, status: outcome.status ?? null, latencyMs: outcome.latencyMs, answer: null, reason: outcome.reason };
}
