import { Alert, Button, Group, Loader, Modal, SegmentedControl, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { ContactListItem, ContactView, MergeField, MergeSide } from '@parley/contracts';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { contactName } from '../format';
import { useContactAttributes, useContactSearch, useMergeContacts } from './queries';

/** The standard fields both sides show here; the server combines the rest (tags, statistics, identities…). */
const FIELDS: Array<{ key: MergeField & keyof ContactListItem & keyof ContactView; label: string }> = [
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'channelName', label: 'Name on the channel' },
  { key: 'email', label: 'Email' },
  { key: 'phone', label: 'Phone' },
  { key: 'status', label: 'Status' },
  { key: 'source', label: 'Source' },
];

const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/**
 * Merge another contact into this one: find it, choose whose value wins where both differ, confirm. This contact
 * stays; the other's conversations, identities, notes and the rest move here and it is deleted.
 */
export function MergeContactModal({ contact, onClose }: { contact: ContactView; onClose: () => void }) {
  const [query, setQuery] = useState(contact.email ?? contact.phone ?? '');
  const [debounced] = useDebouncedValue(query, 300);
  const [other, setOther] = useState<ContactListItem | null>(null);
  const [fields, setFields] = useState<Partial<Record<MergeField, MergeSide>>>({});
  const [attributes, setAttributes] = useState<Record<string, MergeSide>>({});
  const search = useContactSearch(debounced);
  const mine = useContactAttributes(contact.id);
  const theirs = useContactAttributes(other?.id ?? null);
  const merge = useMergeContacts(contact.id);

  const differing = other ? FIELDS.filter((f) => contact[f.key] !== null && other[f.key] !== null && contact[f.key] !== other[f.key]) : [];
  const theirValues = new Map((theirs.data ?? []).map((a) => [a.key, a.value]));
  const attributeConflicts = (mine.data ?? []).filter((a) => {
    const v = theirValues.get(a.key);
    return a.value !== null && v !== null && v !== undefined && v !== a.value;
  });

  return (
    <Modal opened onClose={onClose} title={`Merge a contact into ${contactName(contact)}`} size="lg">
      <Stack>
        {!other ? (
          <>
            <TextInput
              label="Find the other contact"
              description="By name, phone or email. It will be merged into this one, then deleted."
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              data-autofocus
            />
            {search.isFetching && <Loader size="sm" aria-label="Searching" />}
            {search.isError && <Alert color="red">{errorMessage(search.error)}</Alert>}
            <Stack gap={4} aria-label="Matching contacts">
              {(search.data ?? [])
                .filter((c) => c.id !== contact.id)
                .map((c) => (
                  <UnstyledButton key={c.id} onClick={() => setOther(c)} p={6} style={{ borderRadius: 4 }} data-testid="merge-candidate">
                    <Text size="sm" fw={500}>
                      {contactName(c)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[c.phone, c.email].filter(Boolean).join(' · ') || 'No phone or email'}
                    </Text>
                  </UnstyledButton>
                ))}
              {search.data && search.data.filter((c) => c.id !== contact.id).length === 0 && (
                <Text size="sm" c="dimmed">
                  No other contact matches.
                </Text>
              )}
            </Stack>
          </>
        ) : (
          <>
            <Text size="sm">
              <b>{contactName(other)}</b> will be merged into <b>{contactName(contact)}</b>: its conversations, channels, notes, tags,
              attributes and statistics move here, and it is deleted. Where both have a value, choose which one stays.
            </Text>
            {differing.length + attributeConflicts.length === 0 ? (
              <Text size="sm" c="dimmed">
                No conflicting values: empty fields are filled from the other contact.
              </Text>
            ) : (
              <Table aria-label="Values to keep">
                <Table.Tbody>
                  {differing.map((f) => (
                    <WinnerRow
                      key={f.key}
                      label={f.label}
                      mine={shown(contact[f.key])}
                      theirs={shown(other[f.key])}
                      value={fields[f.key] ?? 'this'}
                      onChange={(side) => setFields({ ...fields, [f.key]: side })}
                    />
                  ))}
                  {attributeConflicts.map((a) => (
                    <WinnerRow
                      key={a.key}
                      label={a.label}
                      mine={shown(a.value)}
                      theirs={shown(theirValues.get(a.key))}
                      value={attributes[a.key] ?? 'this'}
                      onChange={(side) => setAttributes({ ...attributes, [a.key]: side })}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {merge.error ? <Alert color="red">{errorMessage(merge.error)}</Alert> : null}
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => setOther(null)}>
                Choose another
              </Button>
              <Group>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button
                  loading={merge.isPending}
                  onClick={() => merge.mutate({ otherId: other.id, winners: { fields, attributes } }, { onSuccess: onClose })}
                >
                  Merge
                </Button>
              </Group>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function WinnerRow(props: { label: string; mine: string; theirs: string; value: MergeSide; onChange: (side: MergeSide) => void }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {props.label}
        </Text>
      </Table.Td>
      <Table.Td>
        <SegmentedControl
          size="xs"
          aria-label={`Keep which ${props.label}`}
          value={props.value}
          onChange={(v) => props.onChange(v as MergeSide)}
          data={[
            { value: 'this', label: props.mine },
            { value: 'other', label: props.theirs },
          ]}
        />
      </Table.Td>
    </Table.Tr>
  );
}
