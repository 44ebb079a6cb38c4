import { Alert, Button, Center, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoader } from '../../components/PageLoader';
import { errorMessage } from '../../lib/api';
import { useMeQuery } from './queries';
import { CurrentUserProvider } from './session';

/** Lets signed-in people through; everyone else goes to /login, which brings them back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMeQuery();

  if (me.isPending) return <PageLoader />;

  if (me.isError && me.data === undefined) {
    // Not a missing session but an unreachable server: say so instead of pretending the person is signed out.
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <Alert color="red" title="Parley is not reachable">
            {errorMessage(me.error)}
          </Alert>
          <Button onClick={() => void me.refetch()} loading={me.isFetching}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }

  if (!me.data) {
    return <Navigate to="/login" replace state={{ from: location }} />;
  }

  return <CurrentUserProvider user={me.data}>{children}</CurrentUserProvider>;
}
