// The settings page's test panel: how the built-in bot answers a typed message, with the saved personality or a
// draft, at the clock's now — the engine alone, nothing stored or sent.
import type { botTestRequest, BotTestResult } from '@parley/contracts';
import type { z } from 'zod';
import type { ChannelKind } from '../channels';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { botInput } from './bot-input';
import { decide, initialBotState } from './engine';
import { getBotSettings } from './settings';

export async function testBot(deps: Deps, db: Db, workspaceId: string, req: z.output<typeof botTestRequest>): Promise<BotTestResult> {
  const saved = await getBotSettings(db, workspaceId);
  const config = req.personality ?? saved.personality;
  const kind: ChannelKind = req.channelKind;
  const message = req.interactiveId
    ? { type: 'interactive', text: req.text, content: { type: 'interactive', id: req.interactiveId, title: req.text } }
    : { type: 'text', text: req.text, content: { type: 'text', body: req.text } };
  const d = decide(config, req.state ?? initialBotState, botInput(message, kind, !req.state), deps.clock.now());
  return {
    replies: d.replies,
    actions: d.actions,
    state: d.state,
    rule: d.rule,
    personality: req.personality ? 'draft' : 'saved',
    mode: saved.mode,
  };
}
