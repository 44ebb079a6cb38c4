// Credentials at rest (channel access tokens, app secrets) are sealed with AES-256-GCM. The key comes from
// PARLEY_SECRET_KEY; embedded mode generates one in the data folder on first start.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config';
import { AppError } from './errors';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /** HMAC-SHA256 of `data` for one purpose (e.g. widget visitor tokens), keyed by the install's key. */
  mac(purpose: string, data: string): Buffer;
}

export function createSecretBox(secret: string): SecretBox {
  const key = createHash('sha256').update(secret).digest();
  // A key of its own for signatures, so no value is ever both encrypted and signed with the same key.
  const macKey = createHash('sha256').update(`mac:${secret}`).digest();
  return {
    mac: (purpose, data) => createHmac('sha256', macKey).update(`${purpose}\u0000${data}`).digest(),
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || body === undefined) throw new AppError('internal', 'unreadable sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** The install's key: configured, or (embedded only) generated once into the data folder. */
export function resolveSecretKey(config: Config): string {
  if (config.secretKey) return config.secretKey;
  if (config.db.url) {
    throw new AppError('unavailable', 'PARLEY_SECRET_KEY is required with DATABASE_URL: every node must seal secrets with the same key');
  }
  const dir = resolve(config.db.dataDir);
  const file = join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}
