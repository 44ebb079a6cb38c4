// The only reader of process.env. Parsed once at boot; every setting has a default that works embedded.
// docs/configuration.md documents each one — keep the two in step.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  PARLEY_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_ADMIN_EMAIL: z.email().default('admin@parley.local'),
  PARLEY_ADMIN_PASSWORD: z.string().min(8).max(256).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(43200).default(720),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(8760).default(720),
  COOKIE_SECURE: bool.optional(),
  // false, true (any proxy: only behind one that overwrites X-Forwarded-For), or the proxies' addresses / CIDRs.
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string[] => (v === 'true' ? true : v === 'false' ? false : v.split(',').map((x) => x.trim()))),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(3).max(1000).default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(5).max(100000).default(50),
  LOGIN_MAX_FAILURES_PER_DEVICE: z.coerce.number().int().min(3).max(1000).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19456).max(1048576).default(19456),
  ARGON2_ITERATIONS: z.coerce.number().int().min(2).max(10).default(2),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  PARLEY_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  WHATSAPP_GRAPH_BASE_URL: z.url().default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v23.0')
    .default('v23.0'),
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(5),
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  CAMPAIGN_MAX_AUDIENCE_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  // A campaign send whose answer was lost (crash, timeout) waits this long for WhatsApp's status webhook before it
  // may be sent again (ADR 0005); with no evidence that webhooks arrive, it fails as unconfirmed after the hours.
  CAMPAIGN_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  CAMPAIGN_UNCONFIRMED_FAIL_HOURS: z.coerce.number().min(0.001).max(720).default(24),
  // ISO 3166-1 alpha-2: how campaign audiences read numbers without a country code when the sending number's own
  // country cannot be told from its display number.
  PARLEY_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as BR')
    .transform((v) => v.toUpperCase())
    .default('US'),
  // Outgoing email (conversation transcripts): smtp:// or smtps:// URL; unset, email is not configured.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z
    .string()
    .max(320)
    .regex(/^[^\r\n]+$/, 'must be one line')
    .default('Parley <parley@localhost>'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; publicUrl?: string; trustProxy: boolean | string[]; bodyLimit: number };
  db: { url?: string; poolSize: number; dataDir: string };
  log: { level: Env['LOG_LEVEL'] };
  admin: { email: string; password?: string };
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  login: { maxPerAccount: number; maxPerIp: number; maxPerDevice: number; windowMinutes: number };
  argon2: { memoryKiB: number; iterations: number };
  jobs: { retryLimit: number; retryDelaySeconds: number };
  campaigns: { maxAudienceRows: number; defaultCountry: string; reconcileSeconds: number; unconfirmedFailHours: number };
  /** Encrypts channel credentials at rest. Embedded mode keeps a generated one in the data folder. */
  secretKey?: string;
  whatsapp: { appSecret?: string; verifyToken?: string; graphBaseUrl: string; graphVersion: string };
  /** Outgoing email; without `url`, sending says that email is not configured. */
  smtp: { url?: string; from: string };
}

export class ConfigError extends Error {}

/** Parse the environment (or a test's overrides) into a Config; throws ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(stripEmpty(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL, trustProxy: e.TRUST_PROXY, bodyLimit: e.BODY_LIMIT_BYTES },
    db: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, dataDir: e.PARLEY_DATA_DIR },
    log: { level: e.LOG_LEVEL },
    admin: { email: e.PARLEY_ADMIN_EMAIL, password: e.PARLEY_ADMIN_PASSWORD },
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      maxHours: e.SESSION_MAX_HOURS,
      cookieSecure: e.COOKIE_SECURE ?? e.PUBLIC_URL?.startsWith('https://') ?? false,
    },
    login: {
      maxPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      maxPerDevice: e.LOGIN_MAX_FAILURES_PER_DEVICE,
      windowMinutes: e.LOGIN_WINDOW_MINUTES,
    },
    argon2: { memoryKiB: e.ARGON2_MEMORY_KIB, iterations: e.ARGON2_ITERATIONS },
    jobs: { retryLimit: e.JOB_RETRY_LIMIT, retryDelaySeconds: e.JOB_RETRY_DELAY_SECONDS },
    campaigns: {
      maxAudienceRows: e.CAMPAIGN_MAX_AUDIENCE_ROWS,
      defaultCountry: e.PARLEY_DEFAULT_COUNTRY,
      reconcileSeconds: e.CAMPAIGN_RECONCILE_SECONDS,
      unconfirmedFailHours: e.CAMPAIGN_UNCONFIRMED_FAIL_HOURS,
    },
    secretKey: e.PARLEY_SECRET_KEY,
    whatsapp: {
      appSecret: e.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN,
      graphBaseUrl: e.WHATSAPP_GRAPH_BASE_URL.replace(/\/$/, ''),
      graphVersion: e.WHATSAPP_GRAPH_VERSION,
    },
    smtp: { url: e.SMTP_URL, from: e.SMTP_FROM },
  };
}

// An empty variable (`FOO=`) means "not set", so the default applies.
function stripEmpty(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
}
