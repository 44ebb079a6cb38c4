import { Alert, Anchor, FileInput, Group, Stack, Text } from '@mantine/core';
import type { ContactImportPreview } from '@parley/contracts';
import { useMutation } from '@tanstack/react-query';
import { IconDownload, IconFileSpreadsheet } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { importApi, importFiles } from './api';

/** Step 1: the file (.xlsx or UTF-8 .csv), with the sample to start from. */
export function UploadStep({ onUploaded }: { onUploaded: (preview: ContactImportPreview) => void }) {
  const upload = useMutation({ mutationFn: importApi.upload, onSuccess: onUploaded });
  const [file, setFile] = useState<File | null>(null);

  return (
    <Stack gap="sm">
      <Text size="sm">
        One contact per row, with a phone number or an email to find it by. Existing contacts are updated; empty cells leave their values as
        they are. Up to 100,000 rows and 50 MB.
      </Text>
      <Group gap="md">
        <Anchor href={importFiles.sample('xlsx')} download size="sm" data-testid="import-sample-xlsx">
          <Group gap={4}>
            <IconDownload size={14} aria-hidden /> Sample .xlsx
          </Group>
        </Anchor>
        <Anchor href={importFiles.sample('csv')} download size="sm" data-testid="import-sample-csv">
          <Group gap={4}>
            <IconDownload size={14} aria-hidden /> Sample .csv
          </Group>
        </Anchor>
      </Group>
      <FileInput
        label="File"
        placeholder="Choose an .xlsx or .csv file"
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
        data-testid="import-file"
        value={file}
        disabled={upload.isPending}
        onChange={(f) => {
          setFile(f);
          if (f) upload.mutate(f, { onError: () => setFile(null) });
        }}
      />
      {upload.isPending && <Text size="sm">Reading and checking the file…</Text>}
      {upload.isError && (
        <Alert color="red" title="The file was not taken" data-testid="import-upload-error">
          {errorMessage(upload.error)}
        </Alert>
      )}
    </Stack>
  );
}
