// The identity module's public door: other modules and the app import from here only.
export { identityRoutes } from './routes';
export { authenticate, requireAuth, principalOf, userPrincipalOf, SESSION_COOKIE } from './auth';
export type { Principal } from './principal';
export { recordAudit } from './audit';
// GDPR erasure: audit entries about an erased customer keep who did what and when, not the customer's data.
export { redactAuditEntries } from './audit-redaction';
export { activeUserIds } from './users';
// Routing joins staff users (active, name) into its assignment queries.
export { users as usersTable } from './tables';
export { viewerTimezone } from './viewer-timezone';
export { ensureDemoWorkspace, createAdmin } from './bootstrap';
export type { AdminCreated } from './bootstrap';
export { purgeDeadSessions, liveSessionIds } from './sessions';
export { identityJobs, identitySchedules, userDeactivatedJob } from './jobs';
