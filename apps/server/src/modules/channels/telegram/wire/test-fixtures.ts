// Update fixtures for the tests, shaped as the Bot API sends them (core.telegram.org/bots/api#update).

export const USER = { id: 987654321, is_bot: false, first_name: 'Ana', last_name: 'Souza', username: 'anasouza', language_code: 'pt-br' };
export const PRIVATE_CHAT = { id: 987654321, first_name: 'Ana', last_name: 'Souza', username: 'anasouza', type: 'private' };
export const DATE = 1767225600; // 2026-01-01T00:00:00Z

/** A message object from Ana in her private chat with the bot. */
export function message(content: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message_id: 42, from: USER, chat: PRIVATE_CHAT, date: DATE, ...content, ...extra };
}

/** A `message` update. */
export const update = (content: Record<string, unknown>, extra: Record<string, unknown> = {}, updateId = 100000001) => ({
  update_id: updateId,
  message: message(content, extra),
});

/** The raw body Telegram sends for a text with an emoji and a bold entity (non-ASCII unescaped, as Telegram does). */
export const RAW_TEXT = `{"update_id":735120001,"message":{"message_id":7,"from":{"id":987654321,"is_bot":false,"first_name":"José","language_code":"pt-br"},"chat":{"id":987654321,"first_name":"José","type":"private"},"date":1767225600,"text":"Olá 😮 quero ajuda","entities":[{"offset":0,"length":3,"type":"bold"}]}}`;

export const PHOTO_SIZES = [
  { file_id: 'AgACAgQAAxkBAAMFsmall', file_unique_id: 'AQADs', file_size: 1200, width: 90, height: 67 },
  { file_id: 'AgACAgQAAxkBAAMFlarge', file_unique_id: 'AQADl', file_size: 98000, width: 1280, height: 960 },
  { file_id: 'AgACAgQAAxkBAAMFmedium', file_unique_id: 'AQADm', file_size: 21000, width: 320, height: 240 },
];
