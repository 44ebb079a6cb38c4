import { Alert, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CannedReply } from '@parley/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmRemovalModal } from '../../components/ConfirmRemovalModal';
import { EditDeleteCell } from '../../components/EditDeleteCell';
import { errorMessage } from '../../lib/api';
import { CannedReplyModal } from './CannedReplyModal';
import { useCannedReplies, useDeleteCannedReply } from './queries';

/** Settings → Conversations: the workspace's canned replies (admins edit; everyone on staff uses them with `/`). */
export function CannedRepliesSection({ canEdit }: { canEdit: boolean }) {
  const replies = useCannedReplies();
  const remove = useDeleteCannedReply();
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);

  return (
    <Stack component="section" aria-labelledby="canned-replies-heading">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3" id="canned-replies-heading">
            Canned replies
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            Answers agents insert by typing their shortcut in the composer. {'{{first_name}}'} and the other placeholders are filled in with
            the customer’s details.
            {!canEdit && ' Only admins can change them.'}
          </Text>
        </div>
        {canEdit && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            Add canned reply
          </Button>
        )}
      </Group>
      {replies.isPending && <Loader aria-label="Loading canned replies" />}
      {replies.isError && <Alert color="red">{errorMessage(replies.error)}</Alert>}
      {replies.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No canned replies yet.
        </Text>
      )}
      {replies.data && replies.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs" aria-label="Canned replies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Shortcut</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Text</Table.Th>
                {canEdit && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {replies.data.map((r) => (
                <Table.Tr key={r.id} data-testid="canned-reply-row" data-shortcut={r.shortcut}>
                  <Table.Td>
                    <Code>{r.shortcut}</Code>
                  </Table.Td>
                  <Table.Td fw={500}>{r.title}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
                      {r.text}
                    </Text>
                  </Table.Td>
                  {canEdit && <EditDeleteCell name={r.shortcut} onEdit={() => setEditing(r)} onDelete={() => setDeleting(r)} />}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canEdit && (
        <>
          <CannedReplyModal target={editing} onClose={() => setEditing(null)} />
          <ConfirmRemovalModal
            opened={deleting !== null}
            title={`Delete ${deleting?.shortcut ?? 'this reply'}?`}
            onCancel={() => {
              remove.reset();
              setDeleting(null);
            }}
            onConfirm={() =>
              deleting &&
              remove.mutate(deleting.id, {
                onSuccess: () => {
                  notifications.show({ color: 'green', title: 'Canned reply deleted', message: `${deleting.shortcut} is gone.` });
                  setDeleting(null);
                },
              })
            }
            pending={remove.isPending}
            error={remove.isError ? remove.error : null}
          >
            <Text size="sm">Agents can no longer insert it. Messages already sent with it are not changed.</Text>
          </ConfirmRemovalModal>
        </>
      )}
    </Stack>
  );
}
