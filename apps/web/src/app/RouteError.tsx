import { Alert, Button, Center, Stack } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Last line of defence: a crash in a page shows a way out instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : undefined;

  return (
    <Center mih="60vh" p="md">
      <Stack maw={480}>
        <Alert color="red" title="Something went wrong on this page">
          {detail ?? 'An unexpected error occurred.'} Reloading usually helps; if it keeps happening, tell your admin.
        </Alert>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}
