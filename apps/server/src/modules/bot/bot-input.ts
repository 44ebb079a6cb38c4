// A stored customer message as the engine reads it: what the customer typed (or tapped), and what the channel
// can show. Media summaries such as "[image]" are ours, not the customer's words, so they read as "".
import { channelCapabilities, type ChannelKind } from '../channels';
import type { BotInput } from './engine';

export interface BotMessage {
  type: string;
  text: string;
  content: Record<string, unknown>;
}

/** Reactions and system notices (a changed number) are not the customer talking to the bot. */
const SILENT_TYPES = new Set(['reaction', 'system']);

export function hearsMessage(type: string): boolean {
  return !SILENT_TYPES.has(type);
}

export function botInput(message: BotMessage, channelKind: ChannelKind, isNewConversation: boolean): BotInput {
  const input: BotInput = { text: '', channelCapabilities: channelCapabilities(channelKind), isNewConversation };
  const c = message.content;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (message.type) {
    case 'text':
      input.text = message.text;
      break;
    case 'interactive':
      // A tapped reply button or list row: its id picks the option, its title reads as text.
      input.text = str(c.title) ?? '';
      if (str(c.id)) input.interactiveId = str(c.id);
      break;
    case 'button':
      // A template's quick-reply button.
      input.text = str(c.text) ?? '';
      if (str(c.payload)) input.interactiveId = str(c.payload);
      break;
    default:
      input.text = str(c.caption) ?? '';
  }
  return input;
}
