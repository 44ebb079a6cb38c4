import { ActionIcon, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useId } from 'react';

interface CopyFieldProps {
  label: string;
  value: string;
  /** Accessible name of the copy button, e.g. "Copy webhook URL". */
  copyLabel: string;
  testId?: string;
}

/** A value someone must paste elsewhere exactly: shown in full, with a one-click copy. */
export function CopyField({ label, value, copyLabel, testId }: CopyFieldProps) {
  const id = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block aria-labelledby={id} data-testid={testId} style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : copyLabel} withArrow>
              <ActionIcon variant="light" color={copied ? 'teal' : undefined} size="lg" aria-label={copyLabel} onClick={copy}>
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
