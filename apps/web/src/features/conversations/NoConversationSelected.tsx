import { EmptyState } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';

export function NoConversationSelected() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMessages aria-hidden />}
      title="Select a conversation"
      description="Its messages appear here, with the customer’s profile beside them."
      visibleFrom="md"
    />
  );
}
