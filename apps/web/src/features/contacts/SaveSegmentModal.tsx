import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ContactFilter, CreateSegmentRequest } from '@parley/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../lib/api';
import { submitErrors } from '../../lib/forms';
import { selectionBody, type ListParams } from './list-api';
import { useCreateSegment } from './list-queries';

/** What the list has selected: some rows by id, every matching contact, or nothing. */
export type Selection = { kind: 'none' } | { kind: 'ids'; ids: string[] } | { kind: 'all' };

interface SaveSegmentModalProps {
  opened: boolean;
  onClose(): void;
  params: ListParams;
  filter: ContactFilter | null;
  selection: Selection;
  total: number;
}

/**
 * A dynamic segment keeps the filter (its members change with the contacts); a static one keeps the selected
 * contacts, or all N matching now. A search or an opened segment cannot be part of conditions, so then only
 * static is offered.
 */
export function SaveSegmentModal({ opened, onClose, params, filter, selection, total }: SaveSegmentModalProps) {
  const create = useCreateSegment();
  const navigate = useNavigate();
  const canBeDynamic = selection.kind !== 'ids' && !params.q.trim() && !params.segment;
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const effectiveKind = canBeDynamic ? kind : 'static';
  const members = selection.kind === 'ids' ? selection.ids.length : total;

  const submit = () => {
    setErrors({});
    setFormError(null);
    const base = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) };
    const body: CreateSegmentRequest =
      effectiveKind === 'dynamic'
        ? { kind: 'dynamic', ...base, definition: filter ?? { match: 'all', conditions: [] } }
        : selection.kind === 'ids'
          ? { kind: 'static', ...base, contactIds: selection.ids }
          : { kind: 'static', ...base, allMatching: selectionBody(params) };
    create.mutate(body, {
      onSuccess: (segment) => {
        notifications.show({ color: 'green', title: 'Segment saved', message: `“${segment.name}” is in the Segments tab.` });
        setName('');
        setDescription('');
        onClose();
        void navigate(`/contacts?segment=${segment.id}`);
      },
      onError: (error) => {
        const split = submitErrors(error, ['name', 'description']);
        setErrors(split.fieldErrors);
        setFormError(split.formError);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Save as segment">
      <Stack gap="sm">
        <TextInput
          label="Segment name"
          required
          data-testid="segment-name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <Textarea
          label="Description"
          data-testid="segment-description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
          autosize
          minRows={2}
        />
        <Radio.Group label="Kind" value={effectiveKind} onChange={(v) => setKind(v as 'dynamic' | 'static')}>
          <Stack gap={6} mt={4}>
            <Radio
              value="dynamic"
              data-testid="segment-kind-dynamic"
              disabled={!canBeDynamic}
              label="Dynamic: the contacts matching these conditions, whenever it is used"
            />
            <Radio
              value="static"
              data-testid="segment-kind-static"
              label={
                selection.kind === 'ids'
                  ? `Static: the ${members} selected contact${members === 1 ? '' : 's'}`
                  : `Static: the ${members.toLocaleString()} contacts matching now`
              }
            />
          </Stack>
        </Radio.Group>
        {!canBeDynamic && (
          <Text size="xs" c="dimmed">
            A search, a selection or an opened segment cannot be kept as conditions, so this segment will be static.
          </Text>
        )}
        {formError && <Alert color="red">{formError}</Alert>}
        {create.isError && !formError && Object.keys(errors).length === 0 && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button data-testid="segment-save" loading={create.isPending} disabled={!name.trim()} onClick={submit}>
            Save segment
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
