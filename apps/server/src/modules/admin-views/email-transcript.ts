import type { EmailTranscriptRequest, EmailTranscriptResult } from '@parley/contracts';
import { recordAudit, viewerTimezone, type Principal } from '../identity';
import type { Deps } from '../../platform/deps';
import { createMailer, emailNotConfigured } from '../../platform/email';
import { isTimeZone } from '../../platform/excel';
import { conversationInfo } from './conversation-info';
import { renderTranscript } from './transcript';

/** Send a conversation's transcript (HTML and plain text) with the sender's text to one address, through SMTP. */
export async function emailTranscript(
  deps: Deps,
  p: Principal,
  conversationId: string,
  body: EmailTranscriptRequest,
  ip: string | undefined,
): Promise<EmailTranscriptResult> {
  const mailer = createMailer(deps.config.smtp);
  if (!mailer) throw emailNotConfigured();
  try {
    const info = await conversationInfo(deps, p.workspaceId, conversationId);
    const preferred = await viewerTimezone(deps.db, p);
    const transcript = renderTranscript(info, body.text, isTimeZone(preferred) ? preferred : 'UTC');
    await mailer.send({ to: body.to, ...transcript });
    await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
      action: 'conversation.transcript_emailed',
      targetType: 'conversation',
      targetId: conversationId,
      // The address is who received customer data: the audit keeps it.
      details: { to: body.to, messages: info.messages.length },
      ip,
    });
    return { sent: true, to: body.to, messages: info.messages.length };
  } finally {
    mailer.close();
  }
}
