import { EmptyState } from '@mantine/core';
import type { Role } from '@parley/contracts';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { hasRole, useCurrentUser } from './session';

interface RequireRoleProps {
  roles: readonly Role[];
  /** What the page is, for the message shown to people without access. */
  what: string;
  children: ReactNode;
}

/** Hides a page from roles the server would refuse anyway, with a plain explanation instead of an error. */
export function RequireRole({ roles, what, children }: RequireRoleProps) {
  const user = useCurrentUser();
  if (hasRole(user, roles)) return children;
  const who = roles.map((r) => `${r}s`).join(' and ');
  return (
    <EmptyState mt="xl" icon={<IconLock aria-hidden />} title="Not available to your role" description={`Only ${who} can see ${what}.`} />
  );
}
