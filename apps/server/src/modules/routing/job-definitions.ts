// The routing module's jobs. Each is enqueued in the transaction of the change that calls for it, so it exists
// only if that change commits, and each is idempotent (a second run finds nothing left to do).
import { z } from 'zod';
import { defineJob } from '../../platform/queue';

/** Run assignment for a workspace: an agent came online, got a higher limit, or a transfer freed or queued one. */
export const assignJob = defineJob({
  name: 'routing.assign',
  schema: z.object({ workspaceId: z.uuid(), conversationId: z.uuid().optional() }).strict(),
});

/** Tell the customer who now has their conversation (once per assignment). */
export const assignedNoticeJob = defineJob({
  name: 'routing.assigned-notice',
  schema: z.object({ workspaceId: z.uuid(), conversationId: z.uuid(), assignedAt: z.iso.datetime() }).strict(),
  // Not latency-critical enough to pay a NOTIFY per assignment; workers poll every half second.
  notify: false,
});

/** An exclusive transfer's hold ends: the conversation goes to the general queue if nobody took it. */
export const reservationExpiryJob = defineJob({
  name: 'routing.reservation-expiry',
  schema: z.object({ workspaceId: z.uuid(), conversationId: z.uuid() }).strict(),
});

/** An agent's last desk connection closed a grace period ago: offline, unless they came back. */
export const presenceCheckJob = defineJob({
  name: 'routing.presence-check',
  schema: z.object({ workspaceId: z.uuid(), userId: z.uuid() }).strict(),
});

/** Every minute, the backstop: due reservations, lost presence, and an assignment pass where one may be missing. */
export const routingSweepJob = defineJob({ name: 'routing.sweep', schema: z.object({}).strict(), retryLimit: 1 });
