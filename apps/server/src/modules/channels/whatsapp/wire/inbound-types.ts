// The normalised shapes that parseWebhook produces (reference §2–§4). Downstream code depends on these,
// never on Meta's raw JSON, so protocol drift stays inside this folder.

/** One entry of an `errors[]` array (reference §4.1). Branch on `code` and `details`, never on `title`. */
export interface GraphErrorInfo {
  code: number;
  title?: string;
  message?: string;
  details?: string;
  href?: string;
}

export type MediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

export type InboundMessageType =
  | 'text'
  | MediaType
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'reaction'
  | 'order'
  | 'system'
  | 'unsupported'
  | 'edit'
  | 'revoke'
  | 'request_welcome'
  /** A type we do not know, or a known type whose body is malformed; `content.raw` keeps it. */
  | 'unknown';

export interface TextContent {
  type: 'text';
  body: string;
}

export interface MediaContent {
  type: MediaType;
  mediaId: string;
  /** Meta always sends it; 'application/octet-stream' stands in when a payload omits it. */
  mimeType: string;
  /** Base64 in webhooks (the media-URL endpoint answers hex); null when absent. */
  sha256: string | null;
  caption?: string;
  filename?: string;
  /** audio: true for a recorded voice note. */
  voice?: boolean;
  /** sticker: animated or not. */
  animated?: boolean;
  /** Sometimes present (lookaside URL); still download through the media id. */
  url?: string;
}

export interface LocationContent {
  type: 'location';
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export interface ContactsContent {
  type: 'contacts';
  /** The vCard-like objects exactly as received. */
  contacts: unknown[];
  /** `name.formatted_name` of each card that has one, in order. */
  formattedNames: string[];
}

export type InteractiveReplyType = 'button_reply' | 'list_reply' | 'nfm_reply' | (string & {});

export interface InteractiveContent {
  type: 'interactive';
  replyType: InteractiveReplyType;
  /** button/row id we set; for nfm_reply (Flows) the flow `name`; '' for subtypes without one. */
  id: string;
  /** button/row title; for nfm_reply the `body`. */
  title: string;
  description?: string;
  /** nfm_reply only: the Flow's `response_json` string, unparsed. */
  responseJson?: string;
  /** The `interactive` object as received, for subtypes we do not model (call_permission_reply, …). */
  raw: unknown;
}

export interface ButtonContent {
  type: 'button';
  payload: string;
  text: string;
}

export interface ReactionContent {
  type: 'reaction';
  messageId: string;
  /** null when the reaction was removed (emoji omitted or ""). */
  emoji: string | null;
}

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  itemPrice: number;
  currency: string;
}

export interface OrderContent {
  type: 'order';
  catalogId: string;
  text?: string;
  items: OrderItem[];
}

export interface SystemContent {
  type: 'system';
  body: string;
  /** user_changed_number, customer_changed_number, customer_identity_changed, user_changed_user_id, … */
  systemType: string;
  newWaId?: string;
  newUserId?: string;
}

export interface UnsupportedContent {
  type: 'unsupported';
  /** `unsupported.type` (e.g. "poll"); absent for the legacy `unknown` type. */
  originalType?: string;
  errors: GraphErrorInfo[];
}

/** Edits can only change content, so the edited message is normalised like a top-level one. */
export interface EditContent {
  type: 'edit';
  originalMessageId: string;
  edited: InboundContent;
}

export interface RevokeContent {
  type: 'revoke';
  originalMessageId: string;
}

export interface RequestWelcomeContent {
  type: 'request_welcome';
}

export interface UnknownContent {
  type: 'unknown';
  /** The `type` string as received, or null when missing / not a string. */
  rawType: string | null;
  /** The whole message object as received. */
  raw: unknown;
}

export type InboundContent =
  | TextContent
  | MediaContent
  | LocationContent
  | ContactsContent
  | InteractiveContent
  | ButtonContent
  | ReactionContent
  | OrderContent
  | SystemContent
  | UnsupportedContent
  | EditContent
  | RevokeContent
  | RequestWelcomeContent
  | UnknownContent;

export interface InboundSender {
  /** Phone-based id (`from` / `contacts[].wa_id`); may be absent for username-only users (2026+). */
  waId?: string;
  /** Business-scoped user id, BSUID (`from_user_id` / `contacts[].user_id`), e.g. "US.1349…". */
  userId?: string;
  parentUserId?: string;
  profileName?: string;
  username?: string;
}

export interface MessageContext {
  /** The wamid being replied to; join on this, `from` is informational. */
  messageId?: string;
  from?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId?: string; productRetailerId?: string };
}

/** Click-to-WhatsApp ad attribution (reference §3.3). */
export interface MessageReferral {
  sourceUrl?: string;
  sourceId?: string;
  sourceType?: string;
  body?: string;
  headline?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  ctwaClid?: string;
  welcomeMessageText?: string;
}

export interface InboundMessage {
  /** The idempotency key. */
  wamid: string;
  timestamp: Date;
  from: InboundSender;
  type: InboundMessageType;
  content: InboundContent;
  /** Plain-text summary for search and previews (body, caption, "📍 name", "[sticker]", emoji…). */
  text: string;
  context?: MessageContext;
  referral?: MessageReferral;
  errors?: GraphErrorInfo[];
  /** The message object exactly as received. */
  raw: unknown;
}

export type KnownStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface MessageStatus {
  wamid: string;
  /** Known values are typed; anything else (e.g. legacy "deleted") is kept as given. */
  status: KnownStatus | (string & {});
  timestamp: Date;
  recipientWaId?: string;
  recipientUserId?: string;
  bizOpaqueCallbackData?: string;
  pricingCategory?: string;
  pricingType?: string;
  pricingModel?: string;
  billable?: boolean;
  conversationId?: string;
  conversationOriginType?: string;
  conversationExpiresAt?: Date;
  /** Present (non-empty) on failed statuses. */
  errors: GraphErrorInfo[];
  raw: unknown;
}

/** Where a change came from: the routing key is `phoneNumberId`. Null when the payload lacks it. */
export interface ItemOrigin {
  phoneNumberId: string | null;
  displayPhoneNumber: string | null;
  wabaId: string | null;
}

export type WebhookItem = ItemOrigin &
  (
    | { kind: 'message'; message: InboundMessage }
    | { kind: 'status'; status: MessageStatus }
    /** Value-level (out-of-band) errors. */
    | { kind: 'error'; errors: GraphErrorInfo[] }
    /** A change whose field is not "messages" (message_template_status_update, account_update, …). */
    | { kind: 'other'; field: string; value: unknown }
  );

export interface ParsedWebhook {
  object: string | null;
  items: WebhookItem[];
  /** Human-readable notes about what was skipped or repaired; capped so hostile input stays small. */
  problems: string[];
}
