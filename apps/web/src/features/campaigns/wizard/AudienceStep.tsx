import { Alert, Anchor, Button, FileInput, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import type { AudienceSource, CampaignDraft } from '@parley/contracts';
import { IconDownload, IconFileSpreadsheet, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../lib/api';
import { selectionBody } from '../../contacts/list-api';
import { useSegments } from '../../contacts/list-queries';
import { campaignFiles } from '../api';
import { useSetCustomers, useSetSegment, useUploadAudience } from '../queries';
import { ContactSearch, PickBox, useCustomerSearch } from './ContactSearch';
import { RecipientsTable } from './RecipientsTable';
import { StepNav } from './StepNav';

/** Step 2: who gets it — an uploaded Excel / CSV, picked customers, or a segment — then the recipients table. */
export function AudienceStep({ draft, onPrevious, onNext }: { draft: CampaignDraft; onPrevious: () => void; onNext: () => void }) {
  const [source, setSource] = useState<AudienceSource>(draft.audience.source ?? 'file');
  const rows = draft.audience.rows;

  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        <Stack>
          <Group justify="space-between">
            <SegmentedControl
              data-testid="audience-source"
              value={source}
              onChange={(v) => setSource(v as AudienceSource)}
              data={[
                { value: 'file', label: 'Excel / CSV file' },
                { value: 'customers', label: 'Customers' },
                { value: 'segment', label: 'Segment' },
              ]}
            />
            {draft.audience.source && (
              <Text size="sm" c="dimmed" data-testid="audience-current">
                Now: {describe(draft)}
              </Text>
            )}
          </Group>
          {source === 'file' && <FileSource draft={draft} />}
          {source === 'customers' && <CustomersSource draft={draft} />}
          {source === 'segment' && <SegmentSource draft={draft} />}
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md">
        <RecipientsTable draft={draft} />
      </Paper>
      {rows === 0 && (
        <Text size="sm" c="dimmed">
          Add recipients to go on.
        </Text>
      )}
      <StepNav onPrevious={onPrevious} onNext={onNext} nextDisabled={rows === 0} />
    </Stack>
  );
}

function describe(d: CampaignDraft): string {
  const n = `${d.audience.rows.toLocaleString()} recipient${d.audience.rows === 1 ? '' : 's'}`;
  if (d.audience.source === 'file' && d.audience.file) return `${d.audience.file.fileName}, ${n}`;
  if (d.audience.source === 'segment') return `a segment, ${n}`;
  return `picked customers, ${n}`;
}

/** Replacing a file, a pick or a segment replaces the whole audience: the table below shows the result. */
function FileSource({ draft }: { draft: CampaignDraft }) {
  const upload = useUploadAudience(draft.id);
  const [file, setFile] = useState<File | null>(null);
  const [phoneColumn, setPhoneColumn] = useState('');
  const current = draft.audience.source === 'file' ? draft.audience.file : null;

  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <FileInput
          label="Select file"
          description="Phone numbers in a column named phone, mobile, telefone, whatsapp…"
          placeholder="Choose an .xlsx or .csv file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
          data-testid="audience-file"
          value={file}
          onChange={(f) => {
            setFile(f);
            if (f) upload.mutate({ file: f, phoneColumn: phoneColumn.trim() || undefined }, { onError: () => setFile(null) });
          }}
          w={420}
        />
        <TextInput
          label="Phone column"
          description="Only if its header is not recognised"
          placeholder="e.g. Contact"
          data-testid="audience-phone-column"
          value={phoneColumn}
          onChange={(e) => setPhoneColumn(e.currentTarget.value)}
          w={200}
        />
        <Anchor href={campaignFiles.sample(draft.id)} download size="sm" data-testid="audience-sample">
          <Group gap={4}>
            <IconDownload size={14} aria-hidden /> Download sample file
          </Group>
        </Anchor>
      </Group>
      <Text size="xs" c="dimmed">
        Download the sample made for this template, fill in one row per customer, then upload it here.
      </Text>
      {upload.isPending && <Text size="sm">Reading the file…</Text>}
      {upload.isError && (
        <Alert color="red" data-testid="audience-error" title="The file was not taken">
          {errorMessage(upload.error)}
          {isApiError(upload.error) &&
            upload.error.issues.map((i) => (
              <Text key={i.field} size="sm">
                {i.field}: {i.message}
              </Text>
            ))}
        </Alert>
      )}
      {current && !upload.isPending && (
        <Text size="sm" data-testid="audience-file-current">
          <b>{current.fileName}</b>: phone in “{current.phoneColumn}”{current.nameColumn ? `, name in “${current.nameColumn}”` : ''};
          columns {current.columns.join(', ')}.
        </Text>
      )}
    </Stack>
  );
}

function CustomersSource({ draft }: { draft: CampaignDraft }) {
  const set = useSetCustomers(draft.id);
  const s = useCustomerSearch();
  const [picked, setPicked] = useState<string[]>([]);
  const total = s.count.data ?? 0;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  return (
    <Stack gap="xs">
      <ContactSearch testId="customers" s={s} action={(c) => <PickBox c={c} picked={picked.includes(c.id)} onToggle={toggle} />} />
      <Group gap="xs">
        <Button
          size="xs"
          leftSection={<IconUsers size={14} aria-hidden />}
          disabled={picked.length === 0}
          loading={set.isPending && set.variables && 'contactIds' in set.variables}
          data-testid="customers-use-picked"
          onClick={() => set.mutate({ contactIds: picked }, { onSuccess: () => setPicked([]) })}
        >
          {picked.length ? `Use the ${picked.length} picked` : 'Use the picked customers'}
        </Button>
        <Button
          size="xs"
          variant="light"
          disabled={total === 0}
          loading={set.isPending && set.variables && 'filter' in set.variables}
          data-testid="customers-use-all"
          onClick={() => set.mutate({ filter: selectionBody({ q: s.q, filter: null, segment: null }) })}
        >
          Add all {total.toLocaleString()} matching
        </Button>
      </Group>
      {set.isError && <Alert color="red">{errorMessage(set.error)}</Alert>}
    </Stack>
  );
}

function SegmentSource({ draft }: { draft: CampaignDraft }) {
  const segments = useSegments();
  const set = useSetSegment(draft.id);
  const [segmentId, setSegmentId] = useState<string | null>(draft.audience.segmentId);

  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <Select
          label="Segment"
          data-testid="audience-segment"
          placeholder={segments.isPending ? 'Loading…' : 'Pick a segment'}
          data={(segments.data ?? []).map((sg) => ({ value: sg.id, label: sg.name }))}
          value={segmentId}
          onChange={setSegmentId}
          nothingFoundMessage="No segments yet: save one from the contacts list"
          searchable
          w={320}
        />
        <Button
          disabled={!segmentId}
          loading={set.isPending}
          onClick={() => segmentId && set.mutate(segmentId)}
          data-testid="audience-segment-use"
        >
          Use this segment
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        The segment’s members now are taken into the campaign; later changes to the segment do not change it.
      </Text>
      {set.isError && <Alert color="red">{errorMessage(set.error)}</Alert>}
    </Stack>
  );
}
