import type { SendMessageRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { OutboundContent } from './send-message';
import { messages } from './tables';

/** An API request as the content the channel will deliver, with its plain-text summary. */
export async function composeOutbound(
  db: Db,
  workspaceId: string,
  conversationId: string,
  req: SendMessageRequest,
): Promise<OutboundContent> {
  switch (req.type) {
    case undefined:
    case 'text':
      return { type: 'text', text: req.text, previewUrl: req.previewUrl };
    case 'media':
      return { ...req, text: req.caption ?? `[${req.mediaType}]` };
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
