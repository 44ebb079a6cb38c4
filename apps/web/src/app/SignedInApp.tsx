import { useQueryClient } from '@tanstack/react-query';
import { ConversationsLiveUpdates } from '../features/conversations/LiveUpdates';
import { identityKeys } from '../features/identity/api';
import { IdentityLiveUpdates } from '../features/identity/LiveUpdates';
import { endSession } from '../features/identity/queries';
import { RequireAuth } from '../features/identity/RequireAuth';
import { AppLayout } from '../features/shell/AppLayout';
import { RealtimeProvider } from '../lib/RealtimeProvider';

/** Everything behind the login: the auth guard, one live connection, the areas' live listeners and the shell. */
export function SignedInApp() {
  const queryClient = useQueryClient();
  return (
    <RequireAuth>
      <RealtimeProvider
        onSessionEnded={() => endSession(queryClient)}
        // Events sent while not connected (before the first open, or while away) are lost: refresh what is on screen.
        onConnected={() => void queryClient.invalidateQueries()}
        // A dropped socket may mean an expired session; asking /me settles it (a 401 leads to the login page).
        onConnectionLost={() => void queryClient.invalidateQueries({ queryKey: identityKeys.me })}
      >
        <IdentityLiveUpdates />
        <ConversationsLiveUpdates />
        <AppLayout />
      </RealtimeProvider>
    </RequireAuth>
  );
}
