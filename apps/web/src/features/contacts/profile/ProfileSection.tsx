import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled block of the profile (seeds 001 and 003: who, interactions, where from, when, campaigns…). */
export function ProfileSection({
  title,
  children,
  testId,
  extra,
}: {
  title: string;
  children: ReactNode;
  testId: string;
  extra?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h5">
          {title}
        </Title>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}
