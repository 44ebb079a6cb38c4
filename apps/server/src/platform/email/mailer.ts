import nodemailer from 'nodemailer';
import { AppError } from '../errors';
import { assertSingleAddress, headerText } from './address';

export interface MailerConfig {
  /** smtp://user:pass@host:587 or smtps://…:465; nodemailer's URL options (?tls.rejectUnauthorized=false…) apply. */
  url?: string;
  /** The From address: `name@example.com` or `Name <name@example.com>`. */
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

// 409, not 503: a 5xx body never carries its message, and people must read what to do.
export const emailNotConfigured = () =>
  new AppError('conflict', 'Email is not configured on this server: an administrator must set SMTP_URL (and SMTP_FROM)', {
    reason: 'email_not_configured',
  });

/** The transport, or null when no SMTP_URL is set (the caller answers "email is not configured"). */
export function createMailer(config: MailerConfig): Mailer | null {
  if (!config.url) return null;
  const transport = nodemailer.createTransport(config.url);
  return {
    async send(m) {
      // Checked again here, whatever the caller did: one address, no line breaks, ever reaches a header.
      const to = assertSingleAddress(m.to, 'to');
      try {
        const info = await transport.sendMail({
          from: config.from,
          to,
          subject: headerText(m.subject),
          text: m.text,
          html: m.html,
          // Never let the transport read files or URLs named in the content.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { messageId: String(info.messageId) };
      } catch (err) {
        throw new AppError('conflict', `The mail server did not accept the message: ${describe(err)}`, { reason: 'smtp_failed' });
      }
    },
    close: () => transport.close(),
  };
}

// What the SMTP server said, without credentials (nodemailer's messages carry the response line, not the URL).
function describe(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.responseCode) return `${e.responseCode} ${headerText(e.response ?? '', 200)}`;
  return e.code ?? 'connection failed';
}
