import type { Channel } from '@parley/contracts';

export const channelKindLabels: Record<Channel['kind'], string> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  webchat: 'Website chat',
};

/** How customers reach a channel, in a few words: the number, the bot's @username, the widget. */
export function channelAddress(channel: Channel): string {
  switch (channel.kind) {
    case 'whatsapp':
      return channel.displayPhoneNumber;
    case 'telegram':
      return channel.botUsername ? `@${channel.botUsername}` : channel.botName;
    case 'webchat':
      return 'Website widget';
  }
}
