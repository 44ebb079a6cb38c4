// conversations does not know who routes its queues. It announces, in the transaction that changes one, that a
// conversation started waiting or that an agent let one go (closed it, handed it back); the routing module works
// this job and assigns (ADR 0003). A job rather than a callback: it commits with the change or not at all, and it
// runs on whichever worker is free, on any node.
import { z } from 'zod';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { defineJob } from '../../platform/queue';

export const queueChangedJob = defineJob({
  name: 'conversations.queue-changed',
  schema: z
    .object({
      workspaceId: z.uuid(),
      /** waiting: this conversation now waits in a queue; released: an agent's capacity was freed. */
      change: z.enum(['waiting', 'released']),
      conversationId: z.uuid().optional(),
    })
    .strict(),
});
export type QueueChange = z.infer<typeof queueChangedJob.schema>;

export async function announceQueueChange(deps: Deps, tx: Db, change: QueueChange): Promise<void> {
  await deps.queue.enqueue(tx, queueChangedJob, change);
}
