import { Button, EmptyState } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { Link, Navigate } from 'react-router';
import { hasRole, useCurrentUser } from '../identity/session';
import { settingsSections } from './sections';

/** /settings opens the first section the person may see; agents have none yet and are pointed to their profile. */
export function SettingsIndex() {
  const user = useCurrentUser();
  const first = settingsSections.find((s) => hasRole(user, s.roles));
  if (first) return <Navigate to={`/settings/${first.slug}`} replace />;

  return (
    <EmptyState mt="lg" icon={<IconSettings aria-hidden />} title="Workspace settings are managed by admins">
      <EmptyState.Description>You can change your name, time zone, date format and password in your profile.</EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/profile" variant="light">
          Open My profile
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
