import { EmptyState } from '@mantine/core';
import { IconHourglassEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface ComingSoonProps {
  title: string;
  /** One honest sentence: what will be here, and that it is not in this version yet. */
  description: string;
  icon?: ReactNode;
}

/** The page of an area not built yet. It shows no sample data, so nobody mistakes it for a working feature. */
export function ComingSoon({ title, description, icon }: ComingSoonProps) {
  return (
    <EmptyState mt="xl" variant="light" icon={icon ?? <IconHourglassEmpty aria-hidden />}>
      <EmptyState.Title order={1}>{title}</EmptyState.Title>
      <EmptyState.Description maw={560}>{description}</EmptyState.Description>
    </EmptyState>
  );
}
