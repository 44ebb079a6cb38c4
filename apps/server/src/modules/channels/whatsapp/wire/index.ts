// The WhatsApp Cloud API wire layer: pure protocol code (no database, no HTTP server). Webhook signature
// and handshake, inbound normalisation, outbound builders, Graph error classification and a Graph client.
export { escapeUnicode, signBody, verifySignature } from './signature';
export { answerHandshake, safeEqual, type HandshakeAnswer } from './verify-handshake';
export { isStatusAdvance, parseWebhook, statusRank, WHATSAPP_OBJECT, type ParseOptions } from './inbound';
export type * from './inbound-types';
export {
  buildListMessage,
  buildMediaMessage,
  buildReactionMessage,
  buildReplyButtonsMessage,
  buildTemplateMessage,
  buildTextMessage,
  type Addressing,
  type ListMessageInput,
  type ListRow,
  type ListSection,
  type MediaMessageInput,
  type OutboundMediaType,
  type OutboundMessageBody,
  type ReactionMessageInput,
  type ReplyButton,
  type ReplyButtonsHeader,
  type ReplyButtonsMessageInput,
  type TemplateButton,
  type TemplateMessageInput,
  type TemplateParameter,
  type TextMessageInput,
} from './outbound';
export { charCount } from './outbound-validate';
export { classifyGraphError, retryable, type GraphErrorClass } from './graph-errors';
export {
  createGraphClient,
  GraphApiError,
  MediaDownloadError,
  META_MEDIA_ORIGINS,
  type GraphClient,
  type GraphClientOptions,
  type MediaInfo,
  type PhoneNumberInfo,
  type SendResult,
} from './graph-client';
export {
  createTemplatesClient,
  type GraphTemplate,
  type GraphTemplateButton,
  type GraphTemplateComponent,
  type GraphTemplateCreate,
  type TemplatesClient,
  type TemplatesClientOptions,
  type TemplatesPage,
} from './templates-client';
