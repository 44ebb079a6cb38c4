import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe (ASVS 7.2.3 asks for at least 128). */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

/** What we store instead of a secret: a lookup by hash reveals nothing usable. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A readable password for the first admin, printed once. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');
