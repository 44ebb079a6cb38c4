import { z } from 'zod';

// Notes staff keep on a contact (PRODUCT §2: author, time). Only the author or an admin may edit or delete one.

export const MAX_NOTE_CHARS = 5000;

export const noteText = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(MAX_NOTE_CHARS, { message: `must be at most ${MAX_NOTE_CHARS} characters` });

export const writeNoteRequest = z.object({ text: noteText }).strict();
export type WriteNoteRequest = z.infer<typeof writeNoteRequest>;

export const contactNote = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  text: z.string(),
  author: z.object({
    /** A staff user, or an integration's API token. */
    type: z.enum(['user', 'api_token']),
    id: z.uuid().nullable(),
    /** The user's name now (or "API token"); "Removed user" when the account is gone. */
    name: z.string(),
  }),
  createdAt: z.iso.datetime(),
  /** When the text was last changed; null if never edited. */
  editedAt: z.iso.datetime().nullable(),
  /** Whether the viewer may edit or delete it (its author, or an admin). */
  canEdit: z.boolean(),
});
export type ContactNote = z.infer<typeof contactNote>;

export const contactNoteListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export const contactNoteList = z.object({ items: z.array(contactNote), nextCursor: z.string().nullable() });
export type ContactNoteList = z.infer<typeof contactNoteList>;
