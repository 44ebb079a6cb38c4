import type { RoutingSettings } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { routingSettingsTable } from './tables';

export const defaultRoutingSettings: RoutingSettings = {
  // Sent only when no agent could take the conversation at once: the bot's handoff reply already said one is coming.
  queueMessage: 'All our agents are busy right now. You are in the queue and we will be with you as soon as we can.',
  assignedMessage: 'You are now talking to {agent}.',
  defaultMaxOpen: 5,
  presenceGraceSeconds: 60,
  // Twilio TaskRouter's reservation default is 120 s; a transfer between people waits longer for a busy colleague.
  reservationTimeoutSeconds: 300,
};

export async function getRoutingSettings(db: Db, workspaceId: string): Promise<RoutingSettings> {
  const [row] = await db.select().from(routingSettingsTable).where(eq(routingSettingsTable.workspaceId, workspaceId));
  const merged = { ...defaultRoutingSettings, ...row?.settings };
  // Only the known keys: a key a later version dropped stays behind in the stored JSON.
  return {
    queueMessage: merged.queueMessage,
    assignedMessage: merged.assignedMessage,
    defaultMaxOpen: merged.defaultMaxOpen,
    presenceGraceSeconds: merged.presenceGraceSeconds,
    reservationTimeoutSeconds: merged.reservationTimeoutSeconds,
  };
}

export async function saveRoutingSettings(db: Db, workspaceId: string, settings: RoutingSettings, at: Date): Promise<void> {
  await db
    .insert(routingSettingsTable)
    .values({ workspaceId, settings, updatedAt: at })
    .onConflictDoUpdate({ target: routingSettingsTable.workspaceId, set: { settings, updatedAt: at } });
}

/** The agent's first name in "you are talking to {agent}"; text in braces other than {agent} is left as written. */
export function renderAssignedMessage(template: string, agentName: string): string {
  const first = agentName.trim().split(/\s+/)[0] ?? '';
  return template.replaceAll('{agent}', first || agentName.trim());
}
