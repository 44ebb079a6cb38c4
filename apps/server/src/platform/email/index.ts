// platform/email: one outgoing mail transport (SMTP via nodemailer), nothing about what is sent.
//
// createMailer({ url, from }) → Mailer | null (null: email is not configured); mailer.send({ to, subject, text, html })
// sends one message to one checked address. assertSingleAddress(value, field) refuses lists, display names, line
// breaks and anything that is not one plain address, as a 400 naming the field. Header values are cleaned of line
// breaks and control characters before they reach the transport, so a header can never be injected.
export { createMailer, emailNotConfigured } from './mailer';
export type { Mailer, MailMessage, MailerConfig } from './mailer';
export { assertSingleAddress, isSingleAddress, headerText } from './address';
