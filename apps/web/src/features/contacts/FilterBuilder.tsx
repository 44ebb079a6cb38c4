import { ActionIcon, Button, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ContactFilter, FilterOperator } from '@parley/contracts';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { operatorOptions, takesValue, toCondition, type DraftCondition, type FieldOption } from './filters';

interface FilterBuilderProps {
  fields: FieldOption[];
  match: ContactFilter['match'];
  drafts: DraftCondition[];
  zone: string;
  onChange(match: ContactFilter['match'], drafts: DraftCondition[]): void;
  onApply(): void;
  /** Whether the drafts differ from the filter the list shows. */
  dirty: boolean;
}

let nextKey = 1;
export const newDraft = (field = 'tags'): DraftCondition => ({ key: nextKey++, field, op: 'contains', value: '', value2: '' });

/** Conditions on fields, statistics and attributes, from the allow-list; all or any of them. */
export function FilterBuilder({ fields, match, drafts, zone, onChange, onApply, dirty }: FilterBuilderProps) {
  const groups = ['Contact', 'Statistics', 'Attributes'].map((group) => ({
    group,
    items: fields.filter((f) => f.group === group).map((f) => ({ value: f.value, label: f.label })),
  }));
  const update = (key: number, patch: Partial<DraftCondition>) =>
    onChange(
      match,
      drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)),
    );
  const errors = drafts.map(
    (d) =>
      toCondition(
        d,
        fields.find((f) => f.value === d.field),
        zone,
      ).error,
  );

  return (
    <Paper withBorder p="sm" radius="md" data-testid="filter-builder">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">Contacts matching</Text>
            <SegmentedControl
              size="xs"
              data-testid="filter-match"
              value={match}
              onChange={(value) => onChange(value as ContactFilter['match'], drafts)}
              data={[
                { value: 'all', label: 'all' },
                { value: 'any', label: 'any' },
              ]}
            />
            <Text size="sm">of these conditions</Text>
          </Group>
          <Group gap="xs">
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} aria-hidden />}
              data-testid="filter-add"
              onClick={() => onChange(match, [...drafts, newDraft()])}
            >
              Add condition
            </Button>
            <Button size="xs" data-testid="filter-apply" disabled={!dirty || errors.some(Boolean)} onClick={onApply}>
              Apply filters
            </Button>
          </Group>
        </Group>
        {drafts.length === 0 && (
          <Text size="sm" c="dimmed">
            No conditions: every contact is listed (archived ones only when a condition names the status).
          </Text>
        )}
        {drafts.map((d, i) => {
          const field = fields.find((f) => f.value === d.field);
          const ops = operatorOptions(field);
          const pick = (value: string) => ({ value, label: value });
          const valueData = field?.kind === 'boolean' ? [pick('true'), pick('false')] : field?.options ? field.options.map(pick) : null;
          const placeholder =
            field?.kind === 'datetime'
              ? 'YYYY-MM-DD or -30d'
              : field?.kind === 'date'
                ? 'YYYY-MM-DD or -30d'
                : d.op === 'in'
                  ? 'Values, separated by commas'
                  : 'Value';
          return (
            <Group key={d.key} gap="xs" align="flex-start" wrap="nowrap" data-testid="filter-condition">
              <Select
                size="xs"
                aria-label="Field"
                data-testid="filter-field"
                searchable
                allowDeselect={false}
                data={groups}
                value={d.field}
                onChange={(value) => {
                  if (!value) return;
                  const next = fields.find((f) => f.value === value);
                  const op = operatorOptions(next)[0]?.value ?? 'eq';
                  update(d.key, { field: value, op, value: '', value2: '' });
                }}
                w={200}
              />
              <Select
                size="xs"
                aria-label="Operator"
                data-testid="filter-op"
                allowDeselect={false}
                data={ops}
                value={d.op}
                onChange={(value) => value && update(d.key, { op: value as FilterOperator })}
                w={150}
              />
              {takesValue(d.op) &&
                (valueData && d.op !== 'in' ? (
                  <Select
                    size="xs"
                    aria-label="Value"
                    data-testid="filter-value"
                    data={valueData}
                    value={d.value || null}
                    onChange={(value) => update(d.key, { value: value ?? '' })}
                    error={d.value ? errors[i] : undefined}
                    w={200}
                  />
                ) : (
                  <TextInput
                    size="xs"
                    aria-label="Value"
                    data-testid="filter-value"
                    placeholder={placeholder}
                    value={d.value}
                    onChange={(e) => update(d.key, { value: e.currentTarget.value })}
                    error={d.value ? errors[i] : undefined}
                    w={200}
                  />
                ))}
              {d.op === 'between' && (
                <TextInput
                  size="xs"
                  aria-label="Up to"
                  data-testid="filter-value2"
                  placeholder={placeholder}
                  value={d.value2}
                  onChange={(e) => update(d.key, { value2: e.currentTarget.value })}
                  w={160}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label="Remove condition"
                data-testid="filter-remove"
                onClick={() =>
                  onChange(
                    match,
                    drafts.filter((x) => x.key !== d.key),
                  )
                }
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
