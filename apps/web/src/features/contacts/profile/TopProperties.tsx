import { ActionIcon, Alert, Button, Group, Loader, NumberInput, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import type { ContactAttributes } from '@parley/contracts';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../../lib/api';
import { submitErrors } from '../../../lib/forms';
import { useCurrentUser } from '../../identity/session';
import { ProfileSection } from './ProfileSection';
import { useProfileAttributes, useSetAttribute } from './queries';

type Item = ContactAttributes['items'][number];
type Value = string | number | boolean | null;

/** The right-hand column: top properties first (chosen by admins), each editable in place; then the others. */
export function TopProperties({ contactId }: { contactId: string }) {
  const attributes = useProfileAttributes(contactId);
  const [showAll, setShowAll] = useState(false);
  const items = attributes.data ?? [];
  const top = items.filter((i) => i.topProperty);
  const others = items.filter((i) => !i.topProperty);

  return (
    <ProfileSection title="Top properties" testId="profile-top-properties">
      {attributes.isPending && <Loader size="sm" aria-label="Loading properties" />}
      {attributes.isError && <Alert color="red">{errorMessage(attributes.error)}</Alert>}
      {attributes.data && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No custom properties are defined (Settings → Attributes).
        </Text>
      )}
      <Stack gap="xs">
        {top.map((item) => (
          <PropertyRow key={item.key} contactId={contactId} item={item} />
        ))}
        {top.length === 0 && items.length > 0 && (
          <Text size="xs" c="dimmed">
            No top properties chosen yet.
          </Text>
        )}
        {others.length > 0 && (
          <Button size="compact-xs" variant="subtle" onClick={() => setShowAll(!showAll)} data-testid="properties-toggle">
            {showAll ? 'Hide the other properties' : `Show ${others.length} other propert${others.length === 1 ? 'y' : 'ies'}`}
          </Button>
        )}
        {showAll && others.map((item) => <PropertyRow key={item.key} contactId={contactId} item={item} />)}
      </Stack>
    </ProfileSection>
  );
}

function display(item: Item): string {
  if (item.value === null) return '—';
  if (item.type === 'boolean') return item.value ? 'Yes' : 'No';
  return String(item.value);
}

function PropertyRow({ contactId, item }: { contactId: string; item: Item }) {
  const me = useCurrentUser();
  const save = useSetAttribute(contactId);
  const [draft, setDraft] = useState<Value | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const editable = me.role !== 'agent' || item.agentEditable;

  const commit = () => {
    setError(null);
    const value = typeof draft === 'string' && draft.trim() === '' ? null : (draft ?? null);
    save.mutate(
      { [item.key]: value },
      {
        onSuccess: () => setDraft(undefined),
        onError: (e) => {
          const split = submitErrors(e, [item.key]);
          setError(split.fieldErrors[item.key] ?? split.formError);
        },
      },
    );
  };

  return (
    <div data-testid="property" data-key={item.key}>
      <Text size="xs" c="dimmed">
        {item.label}
      </Text>
      {draft === undefined ? (
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="sm" data-testid="property-value" style={{ wordBreak: 'break-word' }}>
            {display(item)}
          </Text>
          {editable && (
            <Tooltip label={`Edit ${item.label}`}>
              <ActionIcon
                size="sm"
                variant="subtle"
                aria-label={`Edit ${item.label}`}
                onClick={() => setDraft(item.value ?? (item.type === 'boolean' ? false : ''))}
              >
                <IconPencil size={14} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ) : (
        <Stack gap={4}>
          <Group gap={4} wrap="nowrap">
            <div style={{ flex: 1 }}>
              <Editor item={item} value={draft} onChange={setDraft} onEnter={commit} />
            </div>
            <ActionIcon size="sm" variant="light" aria-label={`Save ${item.label}`} loading={save.isPending} onClick={commit}>
              <IconCheck size={14} aria-hidden />
            </ActionIcon>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label="Cancel" onClick={() => (setDraft(undefined), setError(null))}>
              <IconX size={14} aria-hidden />
            </ActionIcon>
          </Group>
          {error && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
        </Stack>
      )}
    </div>
  );
}

function Editor({ item, value, onChange, onEnter }: { item: Item; value: Value; onChange(v: Value): void; onEnter(): void }) {
  const label = item.label;
  const enter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') onEnter();
  };
  switch (item.type) {
    case 'boolean':
      return <Switch aria-label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'number':
      return (
        <NumberInput
          size="xs"
          aria-label={label}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
          onKeyDown={enter}
        />
      );
    case 'list':
      return (
        <Select
          size="xs"
          aria-label={label}
          data={item.options ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v)}
          clearable
        />
      );
    case 'date':
      return (
        <TextInput
          size="xs"
          type="date"
          aria-label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={enter}
        />
      );
    default:
      return (
        <TextInput
          size="xs"
          aria-label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          onKeyDown={enter}
          autoFocus
        />
      );
  }
}
