import { Modal, Stack, Stepper } from '@mantine/core';
import type { ContactImportPreview } from '@parley/contracts';
import { useState } from 'react';
import { importApi } from './api';
import { MappingStep } from './MappingStep';
import { ProgressStep } from './ProgressStep';
import { UploadStep } from './UploadStep';

/**
 * Import contacts: upload a file → check the mapping and the preview with its errors → the job's progress → done,
 * with the rejected rows to download. Closing before the start discards the upload (the server deletes the file).
 */
export function ImportWizard({ onClose }: { onClose: () => void }) {
  const [preview, setPreview] = useState<ContactImportPreview | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const step = startedId ? 2 : preview ? 1 : 0;

  const close = () => {
    if (preview && !startedId) void importApi.cancel(preview.import.id).catch(() => undefined);
    onClose();
  };

  return (
    <Modal opened onClose={close} title="Import contacts" size="xl" data-testid="import-wizard">
      <Stack>
        <Stepper active={step} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label="Upload" />
          <Stepper.Step label="Mapping and preview" />
          <Stepper.Step label="Import" />
        </Stepper>
        {step === 0 && <UploadStep onUploaded={setPreview} />}
        {step === 1 && preview && (
          <MappingStep
            preview={preview}
            onPreview={setPreview}
            onStarted={setStartedId}
            onBack={() => {
              void importApi.cancel(preview.import.id).catch(() => undefined);
              setPreview(null);
            }}
          />
        )}
        {step === 2 && startedId && <ProgressStep importId={startedId} onClose={onClose} />}
      </Stack>
    </Modal>
  );
}
