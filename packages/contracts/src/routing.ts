import { z } from 'zod';

// Skillsets group agents (Sales, Support, Italian…); the bot's menu, a handoff or a transfer queues a
// conversation for one. The routing issue adds agents' capacity, availability and the queues on top.

const skillsetName = z.string().trim().min(1, { message: 'must not be empty' }).max(80, { message: 'must be at most 80 characters' });
/** Optional: a skillset with a higher priority is served first; none means normal (0). */
const skillsetPriority = z.number().int().min(0).max(100).nullable();

export const skillset = z.object({
  id: z.uuid(),
  name: z.string(),
  priority: z.number().int().nullable(),
  memberIds: z.array(z.uuid()),
  createdAt: z.iso.datetime(),
});
export type Skillset = z.infer<typeof skillset>;
export const skillsetList = z.object({ items: z.array(skillset) });

export const createSkillsetRequest = z.object({ name: skillsetName, priority: skillsetPriority.optional() }).strict();
export type CreateSkillsetRequest = z.infer<typeof createSkillsetRequest>;

export const updateSkillsetRequest = z
  .object({ name: skillsetName.optional(), priority: skillsetPriority.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.priority !== undefined, { message: 'give a name or a priority to change' });
export type UpdateSkillsetRequest = z.infer<typeof updateSkillsetRequest>;

export const setSkillsetMembersRequest = z.object({ userIds: z.array(z.uuid({ message: 'must be a user id' })).max(1000) }).strict();
export type SetSkillsetMembersRequest = z.infer<typeof setSkillsetMembersRequest>;

// ── Agents, queues and transfers (issue 6) ───────────────────────────────────────────────────────────────────────

export const agentAvailability = z.enum(['online', 'away', 'offline']);
export type AgentAvailability = z.infer<typeof agentAvailability>;

/** The most conversations one agent may hold at once (a supervisor's immediate transfer may go above it). */
const maxOpen = z.number().int().min(1, { message: 'must be at least 1' }).max(100, { message: 'must be at most 100' });

/** A staff user as routing sees them: availability, capacity and how much of it is in use. */
export const agent = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'supervisor', 'agent']),
  availability: agentAvailability,
  /** The limit that applies: the agent's own, or the workspace default. */
  maxOpen: z.number().int(),
  /** The agent's own limit; null follows the workspace default. */
  maxOpenOverride: z.number().int().nullable(),
  /** Conversations assigned to the agent now. */
  openCount: z.number().int(),
  skillsetIds: z.array(z.uuid()),
  lastAssignedAt: z.iso.datetime().nullable(),
  availabilityChangedAt: z.iso.datetime().nullable(),
});
export type Agent = z.infer<typeof agent>;
export const agentList = z.object({ items: z.array(agent) });

export const myAvailability = z.object({ availability: agentAvailability, maxOpen: z.number().int(), openCount: z.number().int() });
export type MyAvailability = z.infer<typeof myAvailability>;
export const setAvailabilityRequest = z.object({ availability: agentAvailability }).strict();
export type SetAvailabilityRequest = z.infer<typeof setAvailabilityRequest>;

export const updateAgentRequest = z
  .object({ maxOpen: maxOpen.nullable().optional(), availability: agentAvailability.optional() })
  .strict()
  .refine((v) => v.maxOpen !== undefined || v.availability !== undefined, { message: 'give maxOpen or availability to change' });
export type UpdateAgentRequest = z.infer<typeof updateAgentRequest>;

const noticeText = z.string().trim().max(1024, { message: 'must be at most 1024 characters' });

/** A workspace's routing settings. Empty notice texts send nothing. */
export const routingSettings = z
  .object({
    /** Sent to the customer when their conversation has to wait for an agent. */
    queueMessage: noticeText,
    /** Sent when an agent takes the conversation; {agent} is the agent's first name. */
    assignedMessage: noticeText,
    defaultMaxOpen: maxOpen,
    /** How long an agent stays available after their last desk connection closed. */
    presenceGraceSeconds: z.number().int().min(10).max(3600),
    /** How long an exclusive transfer holds a conversation for its target before the general queue gets it. */
    reservationTimeoutSeconds: z.number().int().min(30).max(86_400),
  })
  .strict();
export type RoutingSettings = z.infer<typeof routingSettings>;

export const transferMode = z.enum(['immediate', 'exclusive']);
export type TransferMode = z.infer<typeof transferMode>;

export const transferRequest = z
  .object({
    to: z.union([
      z.object({ userId: z.uuid({ message: 'must be a user id' }) }).strict(),
      z.object({ skillsetId: z.uuid({ message: 'must be a skillset id' }) }).strict(),
    ]),
    mode: transferMode,
  })
  .strict();
export type TransferRequest = z.infer<typeof transferRequest>;

/** Where a transferred conversation ended up. */
export const transferResult = z.object({
  conversationId: z.uuid(),
  /** assigned: an agent has it now; queued: it waits in a queue; reserved: it waits for its target only. */
  outcome: z.enum(['assigned', 'queued', 'reserved']),
  state: z.enum(['waiting', 'assigned']),
  assigneeId: z.uuid().nullable(),
  waitingSkillsetId: z.uuid().nullable(),
  reservedForUserId: z.uuid().nullable(),
  reservationExpiresAt: z.iso.datetime().nullable(),
});
export type TransferResult = z.infer<typeof transferResult>;

/** Whether a skillset can take a conversation now: an online member under their limit. */
export const skillsetReadiness = z.object({
  skillsetId: z.uuid(),
  name: z.string(),
  ready: z.boolean(),
  /** Online members with room for one more conversation. */
  readyAgents: z.number().int(),
  onlineMembers: z.number().int(),
  members: z.number().int(),
  /** Conversations waiting in this skillset's queue (reserved ones included). */
  waiting: z.number().int(),
});
export type SkillsetReadiness = z.infer<typeof skillsetReadiness>;
export const skillsetReadinessList = z.object({ items: z.array(skillsetReadiness) });
