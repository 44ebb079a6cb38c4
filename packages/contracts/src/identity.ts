import { z } from 'zod';

export const roles = ['admin', 'supervisor', 'agent'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const dateFormats = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export const dateFormat = z.enum(dateFormats);
export type DateFormat = z.infer<typeof dateFormat>;

/** An IANA zone name the runtime knows, e.g. Europe/Rome. */
export const timezone = z.string().min(1).max(64).refine(isKnownTimezone, { message: 'is not a known IANA time zone (e.g. Europe/Rome)' });

function isKnownTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'is not a valid email address' }));
// ASVS 6.2: at least 8 characters, at least 64 allowed, no composition rules.
export const password = z
  .string()
  .min(8, { message: 'must be at least 8 characters' })
  .max(256, { message: 'must be at most 256 characters' });
export const personName = z.string().trim().min(1, { message: 'is required' }).max(120);

export const loginRequest = z.object({ email, password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof loginRequest>;

export const me = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  timezone: z.string(),
  dateFormat,
});
export type Me = z.infer<typeof me>;

export const updateMeRequest = z.object({ name: personName, timezone, dateFormat }).partial().strict();
export type UpdateMeRequest = z.infer<typeof updateMeRequest>;

export const changePasswordRequest = z.object({ currentPassword: z.string().min(1).max(256), newPassword: password });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  timezone: z.string(),
  dateFormat,
  active: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof user>;

export const userList = z.object({ items: z.array(user) });

export const createUserRequest = z
  .object({
    email,
    name: personName,
    role,
    password,
    timezone: timezone.optional(),
    dateFormat: dateFormat.optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const updateUserRequest = z
  .object({ name: personName, role, timezone, dateFormat, active: z.boolean(), password })
  .partial()
  .strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;

export const apiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof apiToken>;
export const apiTokenList = z.object({ items: z.array(apiToken) });
export const createApiTokenRequest = z.object({ name: z.string().trim().min(1).max(80) }).strict();
/** The secret is shown once, in this response only. */
export const createdApiToken = apiToken.extend({ token: z.string() });

export const auditEntry = z.object({
  id: z.number(),
  at: z.iso.datetime(),
  actorType: z.enum(['user', 'api_token', 'system']),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditList = z.object({ items: z.array(auditEntry), nextBefore: z.number().nullable() });
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(10).max(100).default(50),
  before: z.coerce.number().int().positive().optional(),
});
