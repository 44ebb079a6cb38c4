// Outbound builders (reference §5): validate against WhatsApp's limits BEFORE calling Meta, and return
// the exact JSON body for POST /{version}/{phone-number-id}/messages. Bad input throws
// AppError('validation_failed') whose `issues` name every offending field.
import { envelope, validated, WAMID, type Addressing, type OutboundMessageBody } from './outbound-common';
import { checkMediaSource, type Issues } from './outbound-validate';

export type { Addressing, OutboundMessageBody } from './outbound-common';
export { buildListMessage, buildReplyButtonsMessage } from './outbound-interactive';
export type {
  ListMessageInput,
  ListRow,
  ListSection,
  ReplyButton,
  ReplyButtonsHeader,
  ReplyButtonsMessageInput,
} from './outbound-interactive';
export { buildTemplateMessage } from './outbound-template';
export type { TemplateButton, TemplateMessageInput, TemplateParameter } from './outbound-template';

export interface TextMessageInput extends Addressing {
  /** 1..4096 characters. */
  body: string;
  /** Render a preview of the first URL in the body. */
  previewUrl?: boolean;
}

export function buildTextMessage(input: TextMessageInput): OutboundMessageBody {
  return validated(input, (a, issues) => {
    const env = envelope(issues, a);
    const body = issues.text('body', a.body, { max: 4096 });
    if (a.previewUrl !== undefined && typeof a.previewUrl !== 'boolean') issues.add('previewUrl', 'must be a boolean');
    return { ...env, type: 'text', text: { preview_url: a.previewUrl === true, body } };
  });
}

export type OutboundMediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

export interface MediaMessageInput extends Addressing {
  mediaType: OutboundMediaType;
  /** An uploaded media id… */
  id?: string;
  /** …or a public https link (exactly one of the two). */
  link?: string;
  /** image, video, document only; at most 1024 characters. */
  caption?: string;
  /** document only. */
  filename?: string;
}

const MEDIA_TYPES: readonly string[] = ['image', 'audio', 'video', 'document', 'sticker'];
const CAPTIONED: readonly string[] = ['image', 'video', 'document'];

export function buildMediaMessage(input: MediaMessageInput): OutboundMessageBody {
  return validated(input, (a, issues) => {
    const env = envelope(issues, a);
    const type = a.mediaType;
    if (!MEDIA_TYPES.includes(type)) issues.add('mediaType', `must be one of ${MEDIA_TYPES.join(', ')}`);
    const media: Record<string, unknown> = { ...checkMediaSource(issues, '', a) };
    if (a.caption !== undefined) {
      // Meta rejects captions on audio and stickers instead of ignoring them.
      if (!CAPTIONED.includes(type)) issues.add('caption', `is not allowed for ${String(type)}`);
      else media.caption = issues.text('caption', a.caption, { max: 1024 });
    }
    if (a.filename !== undefined) {
      if (type !== 'document') issues.add('filename', 'is only allowed for documents');
      // Meta documents no limit; 255 (a common file-system limit) only keeps absurd values out.
      else media.filename = issues.text('filename', a.filename, { max: 255 });
    }
    return { ...env, type, [type]: media };
  });
}

export interface ReactionMessageInput extends Addressing {
  /** wamid of the message reacted to. */
  messageId: string;
  /** One emoji; "" removes our reaction. */
  emoji: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

function checkEmoji(issues: Issues, emoji: unknown): string {
  if (typeof emoji !== 'string') {
    issues.add('emoji', 'must be a string ("" removes the reaction)');
    return '';
  }
  if (emoji === '') return '';
  const graphemes = [...segmenter.segment(emoji)].length;
  if (graphemes !== 1 || !EMOJI.test(emoji)) issues.add('emoji', 'must be a single emoji, or "" to remove the reaction');
  return emoji;
}

export function buildReactionMessage(input: ReactionMessageInput): OutboundMessageBody {
  return validated(input, (a, issues) => {
    const env = envelope(issues, a);
    if (typeof a.messageId !== 'string' || !WAMID.test(a.messageId)) issues.add('messageId', 'must be a message id (wamid)');
    return { ...env, type: 'reaction', reaction: { message_id: a.messageId, emoji: checkEmoji(issues, a.emoji) } };
  });
}
