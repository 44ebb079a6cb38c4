import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../../config';

// Hashing is deliberately expensive; cap how many run at once so a login flood cannot starve the CPU.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(config: Config, password: string): Promise<string> {
  return limited(() =>
    hash(password, {
      algorithm: 2, // Algorithm.Argon2id (a const enum, unreadable under isolatedModules)
      memoryCost: config.argon2.memoryKiB,
      timeCost: config.argon2.iterations,
      parallelism: 1,
    }),
  );
}

// Verified against when the email is unknown, so both answers take the same time (no user enumeration).
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(config: Config, passwordHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(config, 'parley-dummy-password');
  const target = passwordHash ?? (await dummyHash);
  const ok = await limited(() => verify(target, password).catch(() => false));
  return ok && passwordHash !== undefined;
}
