import { z } from 'zod';

// The agent desk (issue 6 §4): canned replies, internal notes, the Mine / Queue lists, templates and attachments
// from the composer, and the profile panel's overview. Shared by the server (validation) and the web app (the
// composer fills placeholders and checks files with the same rules the server applies).

// ── Canned replies ──────────────────────────────────────────────────────────────────────────────────────────────

export const cannedReplyShortcut = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\/[a-z0-9][a-z0-9_-]{0,31}$/, { message: 'must be "/" then 1–32 of a–z, 0–9, "_" and "-" (e.g. /hello)' });
const cannedTitle = z.string().trim().min(1, { message: 'must not be empty' }).max(80, { message: 'must be at most 80 characters' });
const cannedText = z.string().trim().min(1, { message: 'must not be empty' }).max(4096, { message: 'must be at most 4096 characters' });

export const cannedReply = z.object({
  id: z.uuid(),
  title: z.string(),
  shortcut: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CannedReply = z.infer<typeof cannedReply>;
export const cannedReplyList = z.object({ items: z.array(cannedReply) });

export const createCannedReplyRequest = z.object({ title: cannedTitle, shortcut: cannedReplyShortcut, text: cannedText }).strict();
export type CreateCannedReplyRequest = z.infer<typeof createCannedReplyRequest>;
export const updateCannedReplyRequest = z
  .object({ title: cannedTitle.optional(), shortcut: cannedReplyShortcut.optional(), text: cannedText.optional() })
  .strict()
  .refine((v) => v.title !== undefined || v.shortcut !== undefined || v.text !== undefined, {
    message: 'give a title, shortcut or text to change',
  });
export type UpdateCannedReplyRequest = z.infer<typeof updateCannedReplyRequest>;

/** What a canned reply may name in `{{…}}`: the contact's fields, the agent's name, and `attr.<key>` attributes. */
export const cannedPlaceholderKeys = ['first_name', 'last_name', 'name', 'phone', 'email', 'agent_name'] as const;
export type CannedPlaceholderKey = (typeof cannedPlaceholderKeys)[number];

// `{{first_name}}`, `{{ first_name | there }}` (a fallback when the contact has no value), `{{attr.city}}`.
const PLACEHOLDER = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;
const ATTRIBUTE_KEY = /^attr\.[a-z][a-z0-9_]{0,63}$/;

/** The placeholders of a text that Parley cannot fill (a typo would otherwise reach the customer as is). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(cannedPlaceholderKeys);
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((key) => !known.has(key) && !ATTRIBUTE_KEY.test(key));
}

/** Values by placeholder key (`first_name`, `attr.city`…); a missing or empty one uses the fallback, else nothing. */
export function fillCannedReply(text: string, values: Readonly<Record<string, string | null | undefined>>): string {
  return text.replace(PLACEHOLDER, (_whole, key: string, fallback: string | undefined) => {
    const value = values[key];
    return value !== null && value !== undefined && value.trim() !== '' ? value : (fallback ?? '');
  });
}

// ── Internal notes ──────────────────────────────────────────────────────────────────────────────────────────────

export const conversationNote = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  text: z.string(),
  createdAt: z.iso.datetime(),
});
export type ConversationNote = z.infer<typeof conversationNote>;
export const conversationNoteList = z.object({ items: z.array(conversationNote) });
export const createNoteRequest = z
  .object({
    text: z.string().trim().min(1, { message: 'must not be empty' }).max(4096, { message: 'must be at most 4096 characters' }),
  })
  .strict();

// ── The desk's lists ────────────────────────────────────────────────────────────────────────────────────────────

/** mine: assigned to me. queue: waiting conversations I may be given (held for me, my skillsets', the general queue). */
export const deskView = z.enum(['mine', 'queue']);
export type DeskView = z.infer<typeof deskView>;
export const deskListQuery = z
  .object({
    view: deskView,
    limit: z.coerce.number().int().min(10).max(100).default(25),
    cursor: z.string().max(200).optional(),
  })
  .strict();

// ── Templates from the composer ─────────────────────────────────────────────────────────────────────────────────

/** One approved template of the conversation's WhatsApp number, with the values of its variables. */
export const sendConversationTemplateRequest = z
  .object({
    templateId: z.uuid({ message: 'must be a template id' }),
    body: z
      .array(z.string().max(1024, { message: 'must be at most 1024 characters' }))
      .max(100)
      .default([]),
    header: z.string().max(2000).optional(),
    urlButtons: z.record(z.string().regex(/^\d$/, { message: 'must be a button index 0–9' }), z.string().max(2000)).default({}),
  })
  .strict();
export type SendConversationTemplateRequest = z.infer<typeof sendConversationTemplateRequest>;

// ── Attachments ─────────────────────────────────────────────────────────────────────────────────────────────────

export const attachmentMediaTypes = ['image', 'audio', 'video', 'document'] as const;
export type AttachmentMediaType = (typeof attachmentMediaTypes)[number];

const MB = 1024 * 1024;
/** WhatsApp's accepted types and size caps per kind of media (Cloud API "supported media types"). */
export const attachmentRules: Record<AttachmentMediaType, { maxBytes: number; mimeTypes: readonly string[] }> = {
  image: { maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png'] },
  audio: { maxBytes: 16 * MB, mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
  video: { maxBytes: 16 * MB, mimeTypes: ['video/mp4', 'video/3gpp'] },
  document: {
    maxBytes: 100 * MB,
    mimeTypes: [
      'application/pdf',
      'text/plain',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
};
export const ATTACHMENT_MAX_BYTES = 100 * MB;

/** The media kind WhatsApp sends a file of this type as, or null when WhatsApp does not take the type. */
export function attachmentTypeOf(mimeType: string): AttachmentMediaType | null {
  const bare = mimeType.split(';')[0]!.trim().toLowerCase();
  for (const kind of attachmentMediaTypes) if (attachmentRules[kind].mimeTypes.includes(bare)) return kind;
  return null;
}

export const uploadedAttachment = z.object({
  /** Our stored copy: send it with `{ type: 'media', mediaType, fileId }`; staff read it at GET /channels/:channelId/media/:fileId. */
  fileId: z.string(),
  channelId: z.uuid(),
  mediaType: z.enum(attachmentMediaTypes),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  filename: z.string().nullable(),
});
export type UploadedAttachment = z.infer<typeof uploadedAttachment>;
