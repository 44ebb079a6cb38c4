// Per-type message content (Bot API Message) → typed content plus a plain-text summary.
import type { FileRef, PhotoSize, TelegramContent, TelegramMessageType, TextEntity, UnknownContent } from './inbound-types';
import {
  cap,
  compact,
  isRecord,
  own,
  ownArray,
  ownBoolean,
  ownCount,
  ownIdString,
  ownNumber,
  ownRecord,
  ownString,
  ownToken,
  type JsonRecord,
  type Problems,
} from './read';

export interface ParsedContent {
  type: TelegramMessageType;
  content: TelegramContent;
  text: string;
}

/**
 * Text and captions: Telegram allows 4096 characters (captions 1024), at most 8192 UTF-16 units. Anything
 * longer is not something Telegram sent; we keep the first 8192 units and say so.
 */
export const MAX_TEXT_UNITS = 8192;
const MAX_ENTITIES = 100;
const MAX_PHOTO_SIZES = 10;
/** How many PhotoSize entries are looked at to find the largest; Telegram sends a handful. */
const PHOTO_SCAN = 100;

/** Thrown inside this file only: a known type whose body is unusable degrades to `unknown`. */
class Malformed extends Error {}

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new Malformed(what);
  return v;
};

type Parser = (msg: JsonRecord, where: string, problems: Problems) => ParsedContent;

/** A capped, cleaned text field; truncation is noted. */
function text(obj: unknown, key: string, where: string, problems: Problems): string | undefined {
  const v = own(obj, key);
  if (typeof v !== 'string') return undefined;
  const { value, truncated } = cap(v, MAX_TEXT_UNITS);
  if (truncated) problems.add(`${where}.${key}: ${v.length} characters, kept the first ${MAX_TEXT_UNITS}`);
  return value;
}

function fileRef(obj: unknown, what: string): FileRef {
  return compact({
    fileId: need(ownToken(obj, 'file_id'), `${what}.file_id missing`),
    fileUniqueId: ownToken(obj, 'file_unique_id') ?? '',
    fileSize: ownCount(obj, 'file_size'),
  });
}

function entities(msg: JsonRecord, where: string, problems: Problems): TextEntity[] {
  const list = ownArray(msg, 'entities');
  if (!list) return [];
  if (list.length > MAX_ENTITIES) problems.add(`${where}.entities: ${list.length} entities, kept the first ${MAX_ENTITIES}`);
  const out: TextEntity[] = [];
  for (const e of list.slice(0, MAX_ENTITIES)) {
    const type = ownString(e, 'type', 64);
    const offset = ownCount(e, 'offset');
    const length = ownCount(e, 'length');
    if (type === undefined || offset === undefined || length === undefined) continue;
    out.push(compact({ type, offset, length, url: ownString(e, 'url', 2048) }));
  }
  return out;
}

function photoSize(p: unknown): PhotoSize | undefined {
  const fileId = ownToken(p, 'file_id');
  if (fileId === undefined) return undefined;
  return compact({
    fileId,
    fileUniqueId: ownToken(p, 'file_unique_id') ?? '',
    fileSize: ownCount(p, 'file_size'),
    width: ownCount(p, 'width') ?? 0,
    height: ownCount(p, 'height') ?? 0,
  });
}

const photo: Parser = (msg, where, problems) => {
  const list = need(ownArray(msg, 'photo'), 'photo is not an array');
  const sizes: PhotoSize[] = [];
  for (const p of list.slice(0, PHOTO_SCAN)) {
    const size = photoSize(p);
    if (size) sizes.push(size);
  }
  // Telegram lists sizes smallest first; pick by area anyway, the order is not a documented promise.
  const largest = sizes.reduce<PhotoSize | undefined>(
    (best, s) => (!best || s.width * s.height > best.width * best.height ? s : best),
    undefined,
  );
  if (!largest) throw new Malformed('photo has no usable size');
  const caption = text(msg, 'caption', where, problems);
  sizes.sort((a, b) => a.width * a.height - b.width * b.height);
  const content = compact({ type: 'photo' as const, ...largest, sizes: sizes.slice(-MAX_PHOTO_SIZES), caption });
  return { type: 'photo', content, text: caption || '[photo]' };
};

const document: Parser = (msg, where, problems) => {
  // An animation arrives as both `animation` and `document`; either object describes the same file.
  const isAnimation = isRecord(own(msg, 'animation'));
  const d = need(ownRecord(msg, 'document') ?? ownRecord(msg, 'animation'), 'document object missing');
  const caption = text(msg, 'caption', where, problems);
  const content = compact({
    type: 'document' as const,
    ...fileRef(d, 'document'),
    fileName: ownString(d, 'file_name'),
    mimeType: ownString(d, 'mime_type', 128),
    caption,
    animation: isAnimation ? (true as const) : undefined,
  });
  return { type: 'document', content, text: caption || content.fileName || (isAnimation ? '[animation]' : '[document]') };
};

const voice: Parser = (msg, where, problems) => {
  const v = need(ownRecord(msg, 'voice'), 'voice object missing');
  const caption = text(msg, 'caption', where, problems);
  const content = compact({
    type: 'voice' as const,
    ...fileRef(v, 'voice'),
    duration: ownCount(v, 'duration'),
    mimeType: ownString(v, 'mime_type', 128),
    caption,
  });
  return { type: 'voice', content, text: caption || '[voice message]' };
};

const audio: Parser = (msg, where, problems) => {
  const a = need(ownRecord(msg, 'audio'), 'audio object missing');
  const caption = text(msg, 'caption', where, problems);
  const content = compact({
    type: 'audio' as const,
    ...fileRef(a, 'audio'),
    duration: ownCount(a, 'duration'),
    performer: ownString(a, 'performer'),
    title: ownString(a, 'title'),
    fileName: ownString(a, 'file_name'),
    mimeType: ownString(a, 'mime_type', 128),
    caption,
  });
  const named = [content.performer, content.title].filter(Boolean).join(' – ');
  return { type: 'audio', content, text: caption || (named ? `🎵 ${named}` : '[audio]') };
};

const video: Parser = (msg, where, problems) => {
  const v = need(ownRecord(msg, 'video'), 'video object missing');
  const caption = text(msg, 'caption', where, problems);
  const content = compact({
    type: 'video' as const,
    ...fileRef(v, 'video'),
    width: ownCount(v, 'width'),
    height: ownCount(v, 'height'),
    duration: ownCount(v, 'duration'),
    fileName: ownString(v, 'file_name'),
    mimeType: ownString(v, 'mime_type', 128),
    caption,
  });
  return { type: 'video', content, text: caption || '[video]' };
};

const sticker: Parser = (msg) => {
  const s = need(ownRecord(msg, 'sticker'), 'sticker object missing');
  const content = compact({
    type: 'sticker' as const,
    ...fileRef(s, 'sticker'),
    emoji: ownString(s, 'emoji', 32),
    setName: ownString(s, 'set_name'),
    stickerType: ownString(s, 'type', 32),
    isAnimated: ownBoolean(s, 'is_animated') ?? false,
    isVideo: ownBoolean(s, 'is_video') ?? false,
    width: ownCount(s, 'width'),
    height: ownCount(s, 'height'),
  });
  return { type: 'sticker', content, text: content.emoji ? `[sticker ${content.emoji}]` : '[sticker]' };
};

const inRange = (v: number | undefined, limit: number): number | undefined => (v !== undefined && Math.abs(v) <= limit ? v : undefined);

const location: Parser = (msg) => {
  // A venue message carries both `venue` (with its own location) and `location`.
  const venue = ownRecord(msg, 'venue');
  const l = need(ownRecord(msg, 'location') ?? ownRecord(venue, 'location'), 'location object missing');
  const title = ownString(venue, 'title');
  const content = compact({
    type: 'location' as const,
    latitude: need(inRange(ownNumber(l, 'latitude'), 90), 'location.latitude missing or out of range'),
    longitude: need(inRange(ownNumber(l, 'longitude'), 180), 'location.longitude missing or out of range'),
    horizontalAccuracy: ownNumber(l, 'horizontal_accuracy'),
    livePeriod: ownCount(l, 'live_period'),
    venue: venue && title !== undefined ? { title, address: ownString(venue, 'address') ?? '' } : undefined,
  });
  return { type: 'location', content, text: `📍 ${content.venue?.title || `${content.latitude}, ${content.longitude}`}` };
};

const contact: Parser = (msg) => {
  const c = need(ownRecord(msg, 'contact'), 'contact object missing');
  const content = compact({
    type: 'contact' as const,
    phoneNumber: need(ownString(c, 'phone_number', 64), 'contact.phone_number missing'),
    firstName: ownString(c, 'first_name') ?? '',
    lastName: ownString(c, 'last_name'),
    userId: ownIdString(c, 'user_id'),
    vcard: ownString(c, 'vcard', MAX_TEXT_UNITS),
  });
  const name = [content.firstName, content.lastName].filter(Boolean).join(' ');
  return { type: 'contact', content, text: `👤 ${[name, content.phoneNumber].filter(Boolean).join(' ')}` };
};

const textMessage: Parser = (msg, where, problems) => {
  const body = need(text(msg, 'text', where, problems), 'text is not a string');
  return { type: 'text', content: { type: 'text', body, entities: entities(msg, where, problems) }, text: body };
};

/** Checked in this order: a message has one content field (animation + document and venue + location excepted). */
const PARSERS: ReadonlyArray<[key: string, parser: Parser]> = [
  ['text', textMessage],
  ['photo', photo],
  ['animation', document],
  ['document', document],
  ['video', video],
  ['voice', voice],
  ['audio', audio],
  ['sticker', sticker],
  ['venue', location],
  ['location', location],
  ['contact', contact],
];

/** Content fields we recognise but do not model: they become `unknown` with this rawType. */
const OTHER_CONTENT: readonly string[] = [
  'video_note',
  'poll',
  'dice',
  'game',
  'story',
  'invoice',
  'successful_payment',
  'refunded_payment',
  'paid_media',
  'giveaway',
  'giveaway_winners',
  'checklist',
  'web_app_data',
  'users_shared',
  'chat_shared',
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'channel_chat_created',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'pinned_message',
  'message_auto_delete_timer_changed',
  'write_access_allowed',
  'forum_topic_created',
  'forum_topic_closed',
  'forum_topic_reopened',
  'video_chat_started',
  'video_chat_ended',
];

/** Typed content for one message object; never throws — unusable bodies become `unknown` with a note. */
export function parseContent(msg: JsonRecord, where: string, problems: Problems): ParsedContent {
  const unknown = (rawType: string | null): ParsedContent => {
    const content: UnknownContent = { type: 'unknown', rawType };
    return { type: 'unknown', content, text: rawType ? `[${rawType}]` : '[message]' };
  };
  const hit = PARSERS.find(([key]) => own(msg, key) !== undefined);
  if (!hit) {
    const other = OTHER_CONTENT.find((key) => own(msg, key) !== undefined) ?? null;
    if (other === null) problems.add(`${where}: no content field we recognise`);
    return unknown(other);
  }
  const [key, parser] = hit;
  try {
    return parser(msg, where, problems);
  } catch (err) {
    problems.add(`${where}: ${err instanceof Malformed ? err.message : `unreadable ${key}`}, kept as unknown`);
    return unknown(key);
  }
}
