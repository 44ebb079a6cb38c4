// The routing module's public door: skillsets, agents (availability, limits, presence), queues, assignment, transfers.
export { listSkillsets, getSkillset } from './skillsets';
export type { SkillsetSummary } from './skillsets';
export { routingRoutes } from './routes';
export { assignConversations } from './assign-conversations';
export type { Assignment } from './assign-conversations';
export { transferConversation } from './transfer-conversation';
export { changeAvailability, setMyAvailability, updateAgent } from './update-agent';
export { listAgents, agentLoad } from './agents';
export { skillsetReadiness } from './readiness';
export { getRoutingSettings, defaultRoutingSettings } from './settings';
export { expireReservations } from './expire-reservations';
export { requeueAgentConversations } from './requeue-agent';
export { sweepRouting } from './sweep';
export { trackPresence, dropAbsentAgents, heartbeat, HEARTBEAT_MS, LEASE_MS } from './presence';
export type { PresenceTracker } from './presence';
export { routingJobs, routingSchedules, runAssignment } from './jobs';
export { assignJob, assignedNoticeJob, reservationExpiryJob, presenceCheckJob, routingSweepJob } from './job-definitions';
// What this module keeps about contacts, for merge, GDPR export / erasure and retention (src/contact-data.ts).
export { routingContactData } from './contact-data';
