import { Group, Select, TextInput } from '@mantine/core';
import type { CampaignDraft, VariableSource } from '@parley/contracts';

export type SourceKind = VariableSource['kind'];
/** A source being chosen: the kind first, then its column, field, attribute, text or sample. */
export interface SourcePick {
  kind: SourceKind | null;
  value: string;
}

export const emptyPick: SourcePick = { kind: null, value: '' };

const KIND_LABELS: Record<SourceKind, string> = {
  column: 'File column',
  field: 'Contact field',
  attribute: 'Attribute',
  fixed: 'Fixed text',
  sample: 'Predefined sample',
};

const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  name: 'Full name',
  phone: 'Phone',
  email: 'Email',
  country: 'Country',
  language: 'Language',
  gender: 'Gender',
  location: 'Location',
};

export function toPick(source: VariableSource | undefined): SourcePick {
  if (!source) return emptyPick;
  switch (source.kind) {
    case 'column':
      return { kind: 'column', value: source.column };
    case 'field':
      return { kind: 'field', value: source.field };
    case 'attribute':
      return { kind: 'attribute', value: source.key };
    case 'fixed':
      return { kind: 'fixed', value: source.text };
    case 'sample':
      return { kind: 'sample', value: source.sample };
  }
}

/** The source, or null while the pick is incomplete (no kind, nothing chosen, blank text). */
export function fromPick(pick: SourcePick): VariableSource | null {
  if (!pick.kind || !pick.value.trim()) return null;
  switch (pick.kind) {
    case 'column':
      return { kind: 'column', column: pick.value };
    case 'field':
      return { kind: 'field', field: pick.value };
    case 'attribute':
      return { kind: 'attribute', key: pick.value };
    case 'fixed':
      return { kind: 'fixed', text: pick.value };
    case 'sample':
      return { kind: 'sample', sample: pick.value };
  }
}

/** Where one variable's value comes from, per recipient (seed 004: file, predefined samples or typed text). */
export function SourcePicker(props: {
  label: string;
  testId: string;
  draft: CampaignDraft;
  value: SourcePick;
  onChange: (p: SourcePick) => void;
  error?: string | undefined;
}) {
  const { draft, value } = props;
  const columns = draft.audience.source === 'file' ? (draft.audience.file?.columns ?? []) : [];
  const kinds = (Object.keys(KIND_LABELS) as SourceKind[]).filter((k) =>
    k === 'column' ? columns.length > 0 : k === 'attribute' ? draft.attributes.length > 0 : true,
  );
  const second = (() => {
    switch (value.kind) {
      case 'column':
        return columns.map((c) => ({ value: c, label: c }));
      case 'field':
        return draft.fields.map((f) => ({ value: f, label: FIELD_LABELS[f] ?? f }));
      case 'attribute':
        return draft.attributes.map((a) => ({ value: a.key, label: a.label }));
      case 'sample':
        return draft.samples.map((s) => ({ value: s.id, label: s.label }));
      default:
        return null;
    }
  })();

  return (
    <Group align="flex-start" grow wrap="nowrap" data-testid={props.testId}>
      <Select
        label={props.label}
        placeholder="Take the value from…"
        data-testid={`${props.testId}-kind`}
        data={kinds.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        value={value.kind}
        allowDeselect={false}
        onChange={(k) => props.onChange({ kind: k as SourceKind, value: k === 'sample' ? (draft.samples[0]?.id ?? '') : '' })}
        error={props.error}
      />
      {value.kind === 'fixed' ? (
        <TextInput
          label="Text"
          data-testid={`${props.testId}-text`}
          value={value.value}
          onChange={(e) => props.onChange({ kind: 'fixed', value: e.currentTarget.value })}
        />
      ) : (
        <Select
          label="Value"
          placeholder={value.kind ? 'Choose…' : ''}
          data-testid={`${props.testId}-value`}
          disabled={!second}
          data={second ?? []}
          value={value.value || null}
          allowDeselect={false}
          searchable
          onChange={(v) => props.onChange({ kind: value.kind, value: v ?? '' })}
        />
      )}
    </Group>
  );
}
