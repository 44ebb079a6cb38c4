import type { SendMessageRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { outboundFile } from '../channels';
import { AppError, invalidField } from '../../platform/errors';
import type { OutboundContent } from './send-message';
import { messages } from './tables';

/** An API request as the content the channel will deliver, with its plain-text summary. */
export async function composeOutbound(
  db: Db,
  c: { workspaceId: string; conversationId: string; channelId: string },
  req: SendMessageRequest,
): Promise<OutboundContent> {
  const { workspaceId, conversationId } = c;
  switch (req.type) {
    case undefined:
    case 'text':
      return { type: 'text', text: req.text, previewUrl: req.previewUrl };
    case 'media':
      return req.fileId ? attachedFile(db, c, { ...req, fileId: req.fileId }) : { ...req, text: req.caption ?? `[${req.mediaType}]` };
    case 'buttons':
    case 'list':
      return req;
    case 'template': {
      const params = req.body?.map((p) => p.text).join(', ');
      return { ...req, text: `[template ${req.name}${params ? `: ${params}` : ''}]` };
    }
    case 'reaction': {
      const [target] = await db
        .select({ providerMessageId: messages.providerMessageId })
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId), eq(messages.id, req.messageId)));
      if (!target?.providerMessageId) {
        throw new AppError('validation_failed', 'messageId: is not a delivered message of this conversation', {
          issues: [{ field: 'messageId', message: 'is not a delivered message of this conversation' }],
        });
      }
      return { type: 'reaction', targetProviderId: target.providerMessageId, emoji: req.emoji, text: req.emoji || '[reaction removed]' };
    }
  }
}

type MediaRequest = Extract<SendMessageRequest, { type: 'media' }>;

/** A file staff attached: it must be on this channel and be the kind of media the message says it is. */
async function attachedFile(
  db: Db,
  c: { workspaceId: string; channelId: string },
  req: MediaRequest & { fileId: string },
): Promise<OutboundContent> {
  if (req.id !== undefined || req.link !== undefined) throw invalidField('fileId', 'give one of fileId, id or link');
  const file = await outboundFile(db, c.workspaceId, c.channelId, req.fileId);
  if (file.mediaType !== req.mediaType) {
    throw invalidField('mediaType', `must be ${file.mediaType ?? 'another kind'} for this file (${file.mimeType})`);
  }
  // The customer's phone shows a document's name; the one it was uploaded with unless the request renames it.
  const filename = req.mediaType === 'document' ? (req.filename ?? file.filename ?? undefined) : undefined;
  const label = filename ?? file.filename;
  return {
    type: 'media',
    mediaType: req.mediaType,
    fileId: req.fileId,
    ...(req.caption !== undefined ? { caption: req.caption } : {}),
    ...(filename !== undefined ? { filename } : {}),
    text: req.caption ?? (label ? `[${req.mediaType}: ${label}]` : `[${req.mediaType}]`),
  };
}
