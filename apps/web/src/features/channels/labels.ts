import type { Channel } from '@parley/contracts';

export const channelKindLabels: Record<Channel['kind'], string> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  webchat: 'Website chat',
};
