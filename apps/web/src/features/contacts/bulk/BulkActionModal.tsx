import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { AttributeDefinition, BulkOperation } from '@parley/contracts';
import { useState } from 'react';
import { submitErrors } from '../../../lib/forms';

export type BulkKind = BulkOperation['type'];

const TITLES: Record<BulkKind, string> = {
  create_segment: 'Create a segment',
  activate: 'Activate contacts',
  archive: 'Archive contacts',
  delete: 'Delete contacts',
  add_tag: 'Add a tag',
  remove_tag: 'Remove a tag',
  set_attribute: 'Set an attribute',
};

interface BulkActionModalProps {
  kind: BulkKind | null;
  /** "3 contacts", "all 12,400 matching contacts". */
  who: string;
  attributes: AttributeDefinition[];
  pending: boolean;
  error: unknown;
  onClose(): void;
  onSubmit(operation: BulkOperation): void;
}

/** What the chosen action needs (a name, a tag, an attribute and value) and a confirmation naming how many. */
export function BulkActionModal(props: BulkActionModalProps) {
  return (
    <Modal opened={props.kind !== null} onClose={props.onClose} title={props.kind ? TITLES[props.kind] : ''}>
      {props.kind && <BulkForm key={props.kind} {...props} kind={props.kind} />}
    </Modal>
  );
}

function BulkForm({ kind, who, attributes, pending, error, onClose, onSubmit }: BulkActionModalProps & { kind: BulkKind }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tag, setTag] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const [value, setValue] = useState<string | number | boolean | null>(null);
  const def = attributes.find((a) => a.key === key);
  const split = error ? submitErrors(error, ['name', 'description', 'tag', 'key', 'value']) : { fieldErrors: {}, formError: null };
  const fe = split.fieldErrors as Record<string, string | undefined>;

  const operation = (): BulkOperation | null => {
    switch (kind) {
      case 'create_segment':
        return name.trim() ? { type: kind, name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) } : null;
      case 'add_tag':
      case 'remove_tag':
        return tag.trim() ? { type: kind, tag: tag.trim() } : null;
      case 'set_attribute':
        return key ? { type: kind, key, value: value === '' ? null : value } : null;
      default:
        return { type: kind };
    }
  };
  const op = operation();

  return (
    <Stack gap="sm">
      {kind === 'create_segment' && (
        <>
          <TextInput
            label="Segment name"
            required
            data-testid="bulk-segment-name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fe.name}
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fe.description}
            autosize
            minRows={2}
          />
        </>
      )}
      {(kind === 'add_tag' || kind === 'remove_tag') && (
        <TextInput
          label="Tag"
          required
          data-testid="bulk-tag"
          maxLength={60}
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          error={fe.tag}
        />
      )}
      {kind === 'set_attribute' && (
        <>
          <Select
            label="Attribute"
            required
            data-testid="bulk-attribute"
            data={attributes.map((a) => ({ value: a.key, label: a.label }))}
            value={key}
            onChange={(k) => (setKey(k), setValue(null))}
            error={fe.key}
          />
          {def && <ValueInput def={def} value={value} onChange={setValue} error={fe.value} />}
          <Text size="xs" c="dimmed">
            Leave the value empty to clear the attribute.
          </Text>
        </>
      )}
      <Text size="sm" data-testid="bulk-confirm-text">
        {kind === 'delete'
          ? `Delete ${who}? Everything about them — profile, notes, attributes, conversations and messages — is erased for good.`
          : `This applies to ${who}.`}
      </Text>
      {split.formError && <Alert color="red">{split.formError}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          color={kind === 'delete' ? 'red' : undefined}
          data-testid="bulk-submit"
          loading={pending}
          disabled={!op}
          onClick={() => op && onSubmit(op)}
        >
          {TITLES[kind]}
        </Button>
      </Group>
    </Stack>
  );
}

function ValueInput({
  def,
  value,
  onChange,
  error,
}: {
  def: AttributeDefinition;
  value: string | number | boolean | null;
  onChange(v: string | number | boolean | null): void;
  error: string | undefined;
}) {
  switch (def.type) {
    case 'boolean':
      return <Switch label="Value" checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} />;
    case 'number':
      return (
        <NumberInput
          label="Value"
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
          error={error}
        />
      );
    case 'list':
      return (
        <Select
          label="Value"
          data={def.options ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
          clearable
          error={error}
        />
      );
    case 'date':
      return (
        <TextInput
          label="Value"
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      );
    default:
      return (
        <TextInput
          label="Value"
          data-testid="bulk-value"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      );
  }
}
