import { Alert, Button, Group, Stack } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconPlugConnected } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { useTestChannel } from './queries';

/** Asks Meta (or the configured Graph API) for the number with the stored token, and says what came back. */
export function TestConnection({ channelId }: { channelId: string }) {
  const test = useTestChannel();
  const result = test.data;

  return (
    <Stack gap="xs">
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlugConnected size={16} aria-hidden />}
          loading={test.isPending}
          onClick={() => test.mutate(channelId)}
        >
          Test connection
        </Button>
      </Group>
      {result && (
        <Alert
          color={result.ok ? 'green' : 'red'}
          icon={result.ok ? <IconCircleCheck aria-hidden /> : <IconCircleX aria-hidden />}
          title={result.ok ? 'Connection works' : 'Connection failed'}
          data-testid="channel-test-result"
          data-ok={result.ok}
        >
          {result.message}
        </Alert>
      )}
      {test.isError && (
        <Alert color="red" data-testid="channel-test-result" data-ok={false}>
          {errorMessage(test.error)}
        </Alert>
      )}
    </Stack>
  );
}
