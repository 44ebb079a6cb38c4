import { Button } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { hasRole, useCurrentUser } from '../../identity/session';
import { ImportWizard } from './ImportWizard';

/** The contacts page's Import button (admins and supervisors), opening the import wizard. */
export function ImportContactsButton() {
  const me = useCurrentUser();
  const [opened, setOpened] = useState(false);
  if (!hasRole(me, ['admin', 'supervisor'])) return null;
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconUpload size={14} aria-hidden />}
        data-testid="contacts-import"
        onClick={() => setOpened(true)}
      >
        Import
      </Button>
      {opened && <ImportWizard onClose={() => setOpened(false)} />}
    </>
  );
}
