import { useQueryClient } from '@tanstack/react-query';
import { useRealtimeEvent } from '../../lib/RealtimeProvider';
import { identityKeys } from './api';
import { useCurrentUser } from './session';

/** Keeps identity data current when someone (here or in another tab) changes a user. Renders nothing. */
export function IdentityLiveUpdates() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();

  useRealtimeEvent('user.updated', ({ userId }) => {
    if (userId === me.id) void queryClient.invalidateQueries({ queryKey: identityKeys.me });
    // Only refetches if a users table is on screen.
    void queryClient.invalidateQueries({ queryKey: identityKeys.users });
  });

  return null;
}
