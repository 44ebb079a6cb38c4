import { Button, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <EmptyState mt="xl" icon={<IconMapQuestion aria-hidden />}>
      <EmptyState.Title order={1}>Page not found</EmptyState.Title>
      <EmptyState.Description>There is no page at this address in Parley.</EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/inbox" variant="light">
          Go to the inbox
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
