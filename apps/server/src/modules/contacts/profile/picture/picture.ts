// A contact's uploaded picture: images only (PNG, JPEG, WebP, GIF by their bytes; never SVG), at most 2 MB and
// 4096 px a side, rewritten without metadata before it is stored (see clean-image.ts for what each kind gets).
import { PICTURE_MAX_SIDE } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../platform/db';
import type { Deps } from '../../../../platform/deps';
import { AppError, invalidField, notFound } from '../../../../platform/errors';
import { contacts } from '../../tables';
import { contactPictures } from '../tables';
import { cleanImage, ImageRejected, NotAnImage } from './clean-image';

const LIMITS = { maxSide: PICTURE_MAX_SIDE, maxRawBytes: 48 * 1024 * 1024 };

export async function setContactPicture(deps: Deps, workspaceId: string, contactId: string, body: Buffer) {
  if (body.length === 0) throw invalidField('picture', 'send the image file as the request body');
  let image;
  try {
    image = cleanImage(body, LIMITS);
  } catch (err) {
    if (err instanceof NotAnImage) {
      throw new AppError('unsupported_media_type', `picture: ${err.message}`, { issues: [{ field: 'picture', message: err.message }] });
    }
    if (err instanceof ImageRejected) throw invalidField('picture', err.message);
    throw err;
  }
  const at = deps.clock.now();
  const [contact] = await deps.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!contact) throw notFound('Contact');
  const row = { ...image, sizeBytes: image.bytes.length, updatedAt: at };
  await deps.db
    .insert(contactPictures)
    .values({ workspaceId, contactId, ...row })
    .onConflictDoUpdate({ target: [contactPictures.workspaceId, contactPictures.contactId], set: row });
  return {
    url: `/api/v1/contacts/${contactId}/picture?v=${at.getTime()}`,
    updatedAt: at.toISOString(),
    width: image.width,
    height: image.height,
  };
}

export async function getContactPicture(db: Db, workspaceId: string, contactId: string) {
  const [row] = await db
    .select({ mimeType: contactPictures.mimeType, bytes: contactPictures.bytes })
    .from(contactPictures)
    .where(and(eq(contactPictures.workspaceId, workspaceId), eq(contactPictures.contactId, contactId)));
  if (!row) throw notFound('Picture');
  return row;
}

export async function deleteContactPicture(db: Db, workspaceId: string, contactId: string): Promise<void> {
  const rows = await db
    .delete(contactPictures)
    .where(and(eq(contactPictures.workspaceId, workspaceId), eq(contactPictures.contactId, contactId)))
    .returning({ id: contactPictures.contactId });
  if (rows.length === 0) throw notFound('Picture');
}
