import { Text } from '@mantine/core';
import type { ConversationSummary } from '@parley/contracts';
import { useNow } from '../../lib/useNow';
import { useAgents } from '../routing/desk-queries';
import { useSkillsetsQuery } from '../routing/queries';
import { useCurrentUser } from '../identity/session';

/** Who has the conversation, or which queue it waits in and for how long. */
export function RoutingInfo({ conversation: c }: { conversation: ConversationSummary }) {
  const names = useRoutingNames();
  const now = useNow(30_000);
  if (c.state === 'assigned' && c.assigneeId)
    return (
      <Text size="xs" data-testid="assignee" data-assignee-id={c.assigneeId}>
        Assigned to {names.person(c.assigneeId)}
      </Text>
    );
  if (c.state !== 'waiting') return null;
  return (
    <Text size="xs" c="orange.8" data-testid="waiting-for" data-skillset-id={c.waitingSkillsetId ?? ''}>
      Waiting for {names.queue(c.waitingSkillsetId)}
      {c.reservedForUserId ? `, held for ${names.person(c.reservedForUserId)}` : ''}
      {c.waitingSince ? ` · ${waitedFor(c.waitingSince, now)}` : ''}
    </Text>
  );
}

/** Names for the ids a conversation carries; "you" for the signed-in person. */
export function useRoutingNames() {
  const me = useCurrentUser();
  const agents = useAgents();
  const skillsets = useSkillsetsQuery();
  return {
    person: (id: string) => (id === me.id ? 'you' : (agents.data?.find((a) => a.userId === id)?.name ?? 'someone')),
    // A skillset deleted while conversations waited for it: those are served as the general queue (docs/routing.md).
    queue: (id: string | null) => (id ? (skillsets.data?.find((s) => s.id === id)?.name ?? 'the general queue') : 'the general queue'),
    skillsetIds: skillsets.data?.map((s) => s.id),
  };
}

/** "3 min", "1 h 5 min": how long someone has been waiting, to the minute. */
export function waitedFor(since: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
