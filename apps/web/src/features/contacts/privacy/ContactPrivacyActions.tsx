import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ContactView, PrivacyRequestKind } from '@parley/contracts';
import { IconArrowMerge, IconFileExport, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { hasRole, useCurrentUser } from '../../identity/session';
import { MergeContactModal } from './MergeContactModal';
import { usePrivacyRequests, useRequestPrivacy } from './queries';

const ASK: Record<PrivacyRequestKind, { title: string; text: string; action: string }> = {
  export: {
    title: 'Request a data export',
    text: 'An admin will produce a ZIP of everything Parley keeps about this contact (profile, attributes, notes, conversations, messages, media, campaigns) to send to them.',
    action: 'Request export',
  },
  erase: {
    title: 'Request erasure',
    text: 'An admin will erase this contact and everything about them: messages, media, notes, queued sends. It cannot be undone. Only anonymous counts (such as campaign totals) remain.',
    action: 'Request erasure',
  },
};

/** The contact panel's privacy buttons: merge (admins and supervisors), and GDPR requests (anyone; admins carry them out). */
export function ContactPrivacyActions({ contact }: { contact: ContactView }) {
  const me = useCurrentUser();
  const [merging, setMerging] = useState(false);
  const [asking, setAsking] = useState<PrivacyRequestKind | null>(null);
  const pending = usePrivacyRequests({ contactId: contact.id, status: 'pending' });
  const request = useRequestPrivacy(contact.id);
  const pendingKinds = new Set((pending.data ?? []).map((r) => r.kind));

  return (
    <Stack gap="xs">
      <Group gap="xs">
        {hasRole(me, ['admin', 'supervisor']) && (
          <Button size="compact-sm" variant="light" leftSection={<IconArrowMerge size={14} aria-hidden />} onClick={() => setMerging(true)}>
            Merge with…
          </Button>
        )}
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconFileExport size={14} aria-hidden />}
          disabled={pendingKinds.has('export')}
          onClick={() => setAsking('export')}
        >
          Request export
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          disabled={pendingKinds.has('erase')}
          onClick={() => setAsking('erase')}
        >
          Request erasure
        </Button>
      </Group>
      {pendingKinds.size > 0 && (
        <Text size="xs" c="dimmed" data-testid="privacy-pending">
          {[...pendingKinds].map((k) => (k === 'export' ? 'Export' : 'Erasure')).join(' and ')} requested: waiting for an admin (Settings →
          Privacy).
        </Text>
      )}

      <Modal opened={asking !== null} onClose={() => setAsking(null)} title={asking ? ASK[asking].title : ''}>
        {asking && (
          <Stack>
            <Text size="sm">{ASK[asking].text}</Text>
            {request.error ? <Alert color="red">{errorMessage(request.error)}</Alert> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button
                color={asking === 'erase' ? 'red' : undefined}
                loading={request.isPending}
                onClick={() => request.mutate(asking, { onSuccess: () => setAsking(null) })}
              >
                {ASK[asking].action}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      {merging && <MergeContactModal contact={contact} onClose={() => setMerging(false)} />}
    </Stack>
  );
}
