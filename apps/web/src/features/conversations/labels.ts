import type { ConversationState } from './api';

/** The names people know from the products Parley replaces (PRODUCT §3). */
export const stateLabels: Record<ConversationState, string> = {
  bot: 'Active',
  waiting: 'Requesting',
  assigned: 'Intervened',
  closed: 'Closed',
};

export const stateColors: Record<ConversationState, string> = {
  bot: 'teal',
  waiting: 'orange',
  assigned: 'indigo',
  closed: 'gray',
};

export const senderLabels: Record<string, string> = {
  customer: 'Customer',
  bot: 'Bot',
  agent: 'Agent',
  system: 'Parley',
  api: 'API',
};

/** The contact as people recognise them: their name, else their number. */
export function conversationTitle(c: { contactName: string | null; contactPhone: string | null }): string {
  return c.contactName?.trim() || c.contactPhone || 'Unknown contact';
}
