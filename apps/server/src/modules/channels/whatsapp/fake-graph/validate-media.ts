import { at, onlyKeys, optionalString, reject, requireObj, type Obj } from './checks';

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const CAPTION_MAX = 1024;

/** Media referenced from a message body, a media header or a template header parameter. */
export function validateMediaObject(media: Obj, type: MediaType, path: string, where: 'message' | 'header'): void {
  // Captions exist only on full media messages of the visual/document kinds (§5.2: "no caption on audio or sticker").
  const captioned = where === 'message' && type !== 'audio' && type !== 'sticker';
  const allowed = ['id', 'link', ...(captioned ? ['caption'] : []), ...(type === 'document' ? ['filename'] : [])];
  onlyKeys(media, allowed, path);

  const id = optionalString(media, 'id', path, { min: 1 });
  const link = optionalString(media, 'link', path, { min: 1 });
  if (id === undefined && link === undefined) reject(131008, `The parameter ${at(path, 'id')} or ${at(path, 'link')} is required.`);
  if (id !== undefined && link !== undefined) reject(131009, `Param ${path} must have exactly one of id or link, not both.`);
  if (link !== undefined) checkHttpsLink(link, at(path, 'link'));
  optionalString(media, 'caption', path, { max: CAPTION_MAX });
  optionalString(media, 'filename', path, { min: 1, max: 240 });
}

/** A media message body: `{ type: 'image', image: { id | link, caption? } }`. */
export function validateMediaMessage(body: Obj, type: MediaType): void {
  validateMediaObject(requireObj(body, type, ''), type, type, 'message');
}

/** Meta fetches links itself and only over HTTPS; the fake never fetches them (no traffic off 127.0.0.1). */
function checkHttpsLink(link: string, path: string): void {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return reject(131009, `Param ${path} is not a valid URL - got "${link}".`);
  }
  if (url.protocol !== 'https:') reject(131009, `Param ${path} must be an https URL - got "${link}".`);
}
