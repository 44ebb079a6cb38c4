import { Button, Group, Menu, Progress, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { BulkActionRequest, BulkActionView, BulkOperation } from '@parley/contracts';
import {
  IconArchive,
  IconChevronDown,
  IconCircleCheck,
  IconStack2,
  IconTag,
  IconTagOff,
  IconTrash,
  IconVariable,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useCurrentUser } from '../../identity/session';
import { selectionBody, type ListParams } from '../list-api';
import { useAttributeDefinitions } from '../list-queries';
import type { Selection } from '../SaveSegmentModal';
import { BulkActionModal, type BulkKind } from './BulkActionModal';
import { isBulkFinished, useBulkProgress, useRefreshAfterBulk, useStartBulkAction } from './queries';

interface BulkActionMenuProps {
  selection: Selection;
  params: ListParams;
  /** Every contact matching the list (what "all matching" means). */
  total: number;
  /** The action finished (or was handed to a job): the selection is cleared. */
  onStarted(): void;
}

// Kept in the list's toolbar, not in the selection bar: a job's progress stays in view after the selection clears.

function summary(a: BulkActionView): string {
  const failed = a.failed ? `, ${a.failed.toLocaleString()} could not be changed` : '';
  return `${a.done.toLocaleString()} contact${a.done === 1 ? '' : 's'} done${failed}.`;
}

/** The selection bar's actions (seed 003): create segment, activate, archive, delete, tags, set an attribute. */
export function BulkActionMenu({ selection, params, total, onStarted }: BulkActionMenuProps) {
  const me = useCurrentUser();
  const attributes = useAttributeDefinitions();
  const start = useStartBulkAction();
  const refresh = useRefreshAfterBulk();
  const [kind, setKind] = useState<BulkKind | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const count = selection.kind === 'ids' ? selection.ids.length : selection.kind === 'all' ? total : 0;
  const who =
    selection.kind === 'all' ? `all ${total.toLocaleString()} matching contacts` : `${count} selected contact${count === 1 ? '' : 's'}`;
  const editable = (attributes.data ?? []).filter((a) => me.role !== 'agent' || a.agentEditable);

  const submit = (operation: BulkOperation) => {
    const body: BulkActionRequest =
      selection.kind === 'ids' ? { operation, contactIds: selection.ids } : { operation, allMatching: selectionBody(params) };
    start.mutate(body, {
      onSuccess: (action) => {
        setKind(null);
        onStarted();
        if (action.mode === 'job') {
          setRunning(action.id);
          return;
        }
        void refresh();
        notifications.show({ color: action.failed ? 'yellow' : 'green', title: 'Done', message: summary(action) });
      },
    });
  };

  const item = (k: BulkKind, label: string, icon: ReactNode, color?: string) => (
    <Menu.Item leftSection={icon} color={color} data-testid={`bulk-${k}`} onClick={() => (start.reset(), setKind(k))}>
      {label}
    </Menu.Item>
  );

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            size="xs"
            variant="light"
            disabled={count === 0}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            data-testid="contacts-bulk-menu"
          >
            {count === 0 ? 'Bulk actions' : `Bulk actions (${count.toLocaleString()})`}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{who}</Menu.Label>
          {item('create_segment', 'Create segment', <IconStack2 size={14} aria-hidden />)}
          {item('activate', 'Activate', <IconCircleCheck size={14} aria-hidden />)}
          {item('archive', 'Archive', <IconArchive size={14} aria-hidden />)}
          {item('add_tag', 'Add a tag', <IconTag size={14} aria-hidden />)}
          {item('remove_tag', 'Remove a tag', <IconTagOff size={14} aria-hidden />)}
          {editable.length > 0 && item('set_attribute', 'Set an attribute', <IconVariable size={14} aria-hidden />)}
          {me.role === 'admin' && (
            <>
              <Menu.Divider />
              {item('delete', 'Delete', <IconTrash size={14} aria-hidden />, 'red')}
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <BulkActionModal
        kind={kind}
        who={who}
        attributes={editable}
        pending={start.isPending}
        error={start.error}
        onClose={() => setKind(null)}
        onSubmit={submit}
      />
      {running && <BulkProgress id={running} onFinished={() => setRunning(null)} />}
    </>
  );
}

/** A job's progress bar; when it ends the list is refreshed and the outcome shown. */
function BulkProgress({ id, onFinished }: { id: string; onFinished(): void }) {
  const progress = useBulkProgress(id);
  const refresh = useRefreshAfterBulk();
  const a = progress.data;
  const ended = isBulkFinished(a);

  useEffect(() => {
    if (!a || !ended) return;
    void refresh();
    notifications.show(
      a.status === 'failed'
        ? { color: 'red', title: 'Stopped', message: `${a.error ?? 'The action failed.'} ${summary(a)}` }
        : { color: a.failed ? 'yellow' : 'green', title: 'Done', message: summary(a) },
    );
    onFinished();
    // Runs once, when the action ends (the latest `a` is read then).
  }, [ended]);

  const total = a?.total ?? null;
  const handled = (a?.done ?? 0) + (a?.failed ?? 0);
  const percent = total ? Math.min(100, Math.round((handled / total) * 100)) : 0;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="bulk-progress" data-status={a?.status ?? 'queued'} style={{ minWidth: 220 }}>
      <Progress value={percent} animated={!ended} style={{ flex: 1 }} aria-label="Bulk action progress" />
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {total === null ? 'Collecting contacts…' : `${handled.toLocaleString()} / ${total.toLocaleString()}`}
      </Text>
    </Group>
  );
}
