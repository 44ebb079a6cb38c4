import { useQueryClient } from '@tanstack/react-query';
import { useRealtimeEvent } from '../../lib/RealtimeProvider';
import { useCurrentUser } from '../identity/session';
import { deskKeys } from './desk-api';

/**
 * Keeps availability, load and readiness live on the desk: an agent's change (theirs or an assignment) arrives as
 * `agent.updated`; any assignment or transfer changes who has room, so readiness follows `conversation.updated`.
 * Renders nothing.
 */
export function DeskLiveUpdates() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey });

  useRealtimeEvent('agent.updated', (data) => {
    if (data.userId === me.id) invalidate(deskKeys.myAvailability);
    invalidate(deskKeys.agents);
    invalidate(deskKeys.readiness);
  });

  useRealtimeEvent('conversation.updated', () => invalidate(deskKeys.readiness));

  return null;
}
