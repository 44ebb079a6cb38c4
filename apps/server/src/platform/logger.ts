import { pino, type Logger } from 'pino';

export type { Logger };

// Anything that can carry a secret is redacted wherever it appears in a log line.
const redact = [
  'password',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'accessToken',
  '*.accessToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'db.url',
  'config.db.url',
  'config.admin.password',
  'config.secretKey',
  'config.whatsapp.appSecret',
  'config.whatsapp.verifyToken',
  'config.smtp.url',
  'appSecret',
  '*.appSecret',
  'verifyToken',
  '*.verifyToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redact, censor: '[redacted]' }, base: { app: 'parley' } }, destination);
}
