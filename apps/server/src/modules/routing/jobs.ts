import { queueChangedJob } from '../conversations';
import { userDeactivatedJob } from '../identity';
import type { Deps } from '../../platform/deps';
import { worker } from '../../platform/queue';
import { assignConversations } from './assign-conversations';
import { expireReservations } from './expire-reservations';
import { requeueAgentConversations } from './requeue-agent';
import { assignJob, assignedNoticeJob, presenceCheckJob, reservationExpiryJob, routingSweepJob } from './job-definitions';
import { sendAssignedNotice, sendQueuedNotice } from './notices';
import { dropAbsentAgents } from './presence';
import { sweepRouting } from './sweep';

/**
 * Assign what can be assigned; then, for a conversation that just started waiting and is still waiting (no agent
 * had room), tell the customer they are in the queue.
 */
export async function runAssignment(deps: Deps, d: { workspaceId: string; conversationId?: string }): Promise<void> {
  await passOnce(deps, d.workspaceId);
  if (d.conversationId) await sendQueuedNotice(deps, d.workspaceId, d.conversationId);
}

interface Running {
  again: boolean;
  done: Promise<void>;
}
const running = new WeakMap<Deps, Map<string, Running>>();

/**
 * A burst of triggers (fifty agents coming online at once) needs one pass, not fifty competing ones. Within this
 * process, a trigger that arrives while a pass of the workspace runs asks it to go round once more and waits for
 * it; so every trigger is followed by a pass that started after it. Across processes the row locks still decide.
 */
function passOnce(deps: Deps, workspaceId: string): Promise<void> {
  let byWorkspace = running.get(deps);
  if (!byWorkspace) running.set(deps, (byWorkspace = new Map()));
  const current = byWorkspace.get(workspaceId);
  if (current) {
    current.again = true;
    return current.done;
  }
  const entry: Running = { again: false, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        await assignConversations(deps, workspaceId);
      } while (entry.again);
    } finally {
      byWorkspace.delete(workspaceId);
    }
  })();
  byWorkspace.set(workspaceId, entry);
  return entry.done;
}

/** Routing's workers, including the one for conversations' "queue changed" announcement (ADR 0003). */
export const routingJobs = [
  worker(
    queueChangedJob,
    (deps, d) =>
      runAssignment(deps, { workspaceId: d.workspaceId, ...(d.change === 'waiting' ? { conversationId: d.conversationId } : {}) }),
    2,
  ),
  worker(assignJob, runAssignment, 2),
  // Identity announces a deactivation; the agent's conversations go back to the queue.
  worker(userDeactivatedJob, async (deps, d) => void (await requeueAgentConversations(deps, d)), 1),
  worker(assignedNoticeJob, async (deps, d) => void (await sendAssignedNotice(deps, d)), 2),
  worker(reservationExpiryJob, async (deps, d) => void (await expireReservations(deps, d)), 1),
  worker(presenceCheckJob, async (deps, d) => void (await dropAbsentAgents(deps, d)), 1),
  worker(routingSweepJob, async (deps) => void (await sweepRouting(deps)), 1),
];

export const routingSchedules = [{ job: routingSweepJob, cron: '* * * * *' }];
