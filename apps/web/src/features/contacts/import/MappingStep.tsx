import { Alert, Button, Group, Select, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import type { ContactImport, ContactImportKey, ContactImportMapping, ContactImportPreview } from '@parley/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../lib/api';
import { useAttributeDefinitions } from '../list-queries';
import { importApi } from './api';
import { reasonLabels, targetOptions } from './labels';
import { PreviewTable } from './PreviewTable';

interface MappingStepProps {
  preview: ContactImportPreview;
  onPreview: (preview: ContactImportPreview) => void;
  onStarted: (importId: string) => void;
  onBack: () => void;
}

/** Step 2: where each column goes, the key, the source label; the preview of the first rows and of the problems. */
export function MappingStep({ preview, onPreview, onStarted, onBack }: MappingStepProps) {
  const imp = preview.import;
  const attributes = useAttributeDefinitions();
  const [mapping, setMapping] = useState<ContactImportMapping>(imp.mapping);
  const [upsertKey, setUpsertKey] = useState<ContactImportKey>(imp.upsertKey);
  const [sourceLabel, setSourceLabel] = useState(imp.sourceLabel);
  const update = useMutation({
    mutationFn: () => importApi.update(imp.id, { mapping, upsertKey, sourceLabel: sourceLabel.trim() }),
    onSuccess: onPreview,
  });
  const start = useMutation({ mutationFn: () => importApi.start(imp.id), onSuccess: (started: ContactImport) => onStarted(started.id) });
  const dirty =
    JSON.stringify(mapping) !== JSON.stringify(imp.mapping) || upsertKey !== imp.upsertKey || sourceLabel.trim() !== imp.sourceLabel;
  const issues = isApiError(update.error) ? update.error.issues : [];
  const issueOf = (field: string) => issues.find((i) => i.field === field)?.message;
  const { summary } = preview;

  return (
    <Stack gap="md">
      <Table withTableBorder verticalSpacing={4} data-testid="import-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in {imp.fileName}</Table.Th>
            <Table.Th>Imported as</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {imp.columns.map((column) => (
            <Table.Tr key={column}>
              <Table.Td>{column}</Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={`Import ${column} as`}
                  placeholder="Not imported"
                  clearable
                  searchable
                  data={targetOptions(attributes.data ?? [])}
                  value={mapping[column] ?? null}
                  onChange={(v) => setMapping({ ...mapping, [column]: v })}
                  error={issueOf(`mapping.${column}`)}
                  data-testid={`import-map-${column}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Group align="flex-end">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Find existing contacts by
          </Text>
          <SegmentedControl
            size="xs"
            data-testid="import-key"
            value={upsertKey}
            onChange={(v) => setUpsertKey(v as ContactImportKey)}
            data={[
              { value: 'phone', label: 'Phone' },
              { value: 'email', label: 'Email' },
            ]}
          />
        </Stack>
        <TextInput
          label="Source of new contacts"
          description="Shown as import:<label>"
          size="xs"
          data-testid="import-source-label"
          value={sourceLabel}
          onChange={(e) => setSourceLabel(e.currentTarget.value)}
          error={issueOf('sourceLabel')}
          w={260}
        />
        <Button
          size="xs"
          variant="light"
          disabled={!dirty}
          loading={update.isPending}
          onClick={() => update.mutate()}
          data-testid="import-apply"
        >
          Apply and check again
        </Button>
      </Group>
      {update.isError && (
        <Alert color="red" data-testid="import-mapping-error">
          {errorMessage(update.error)}
        </Alert>
      )}

      <Alert color={summary.rejected ? 'yellow' : 'green'} variant="light" data-testid="import-summary">
        <Text size="sm">
          {summary.rows.toLocaleString()} rows: <b>{summary.valid.toLocaleString()}</b> ready to import,{' '}
          <b>{summary.rejected.toLocaleString()}</b> will be rejected
          {summary.rejected > 0 &&
            ` (${Object.entries(summary.reasons)
              .map(([code, n]) => `${n} ${reasonLabels[code as keyof typeof reasonLabels]}`)
              .join(', ')})`}
          . Rejected rows can be downloaded with their reasons once the import has run.
        </Text>
      </Alert>

      <PreviewTable title="First rows" columns={imp.columns} rows={preview.rows} testId="import-preview" />
      {preview.problems.length > 0 && (
        <PreviewTable title="Rows with problems" columns={imp.columns} rows={preview.problems} testId="import-problems" />
      )}

      {start.isError && <Alert color="red">{errorMessage(start.error)}</Alert>}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Choose another file
        </Button>
        <Button
          data-testid="import-start"
          disabled={dirty || summary.valid === 0}
          loading={start.isPending}
          onClick={() => start.mutate()}
          title={dirty ? 'Apply the changes first' : undefined}
        >
          Import {summary.valid.toLocaleString()} contact{summary.valid === 1 ? '' : 's'}
        </Button>
      </Group>
    </Stack>
  );
}
