import { Box, Center, Stack, Text, UnstyledButton } from '@mantine/core';
import { exampleValues, renderTemplate, type TemplateContent, type TemplateValues } from '@parley/contracts';
import { IconArrowBackUp, IconExternalLink, IconFileText, IconMapPin, IconPhone, IconPhoto, IconVideo } from '@tabler/icons-react';

export interface TemplatePreviewProps {
  content: TemplateContent;
  /** One recipient's values; the template's own examples when omitted. A missing value shows its {{n}}. */
  values?: TemplateValues;
  /** The time shown in the bubble (default 12:00). */
  time?: string;
}

const CHAT_BG = '#efeae2';
const LINK = '#027eb5';
const MEDIA_ICON = { image: IconPhoto, video: IconVideo, document: IconFileText, location: IconMapPin } as const;
const BUTTON_ICON = { quick_reply: IconArrowBackUp, url: IconExternalLink, phone_number: IconPhone } as const;

/**
 * The message as the customer sees it in WhatsApp: a chat bubble with the header, the body with values filled
 * in, the footer and the buttons under it. Used by the templates page and the campaign wizard's preview.
 */
export function TemplatePreview({ content, values, time = '12:00' }: TemplatePreviewProps) {
  const shown = renderTemplate(content, values ?? exampleValues(content));
  const header = shown.header;
  return (
    <Box bg={CHAT_BG} p="md" style={{ borderRadius: 8 }} data-testid="template-preview" aria-label="Message preview">
      <Stack gap={2} maw={340}>
        <Box bg="white" p={6} style={{ borderRadius: '0 8px 8px 8px', boxShadow: '0 1px 0.5px rgba(11,20,26,.13)' }}>
          {header && header.format !== 'text' && <MediaHeader format={header.format} />}
          {header?.format === 'text' && (
            <Text fw={700} size="sm" px={4} pt={2} style={{ overflowWrap: 'anywhere' }} data-testid="preview-header">
              {header.text}
            </Text>
          )}
          <Text size="sm" px={4} pt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="preview-body">
            {shown.body || ' '}
          </Text>
          {shown.footer && (
            <Text size="xs" c="dimmed" px={4} pt={4} data-testid="preview-footer">
              {shown.footer}
            </Text>
          )}
          <Text size="10px" c="dimmed" ta="right" px={4}>
            {time}
          </Text>
        </Box>
        {shown.buttons.map((b, i) => {
          const Icon = BUTTON_ICON[b.type];
          return (
            <UnstyledButton
              key={i}
              bg="white"
              py={8}
              style={{ borderRadius: 8, textAlign: 'center', cursor: 'default', boxShadow: '0 1px 0.5px rgba(11,20,26,.13)' }}
              title={b.type === 'url' ? b.url : b.type === 'phone_number' ? b.phoneNumber : undefined}
              data-testid="preview-button"
              tabIndex={-1}
            >
              <Text size="sm" c={LINK} fw={500} span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                <Icon size={16} aria-hidden />
                {b.text}
              </Text>
            </UnstyledButton>
          );
        })}
      </Stack>
    </Box>
  );
}

function MediaHeader({ format }: { format: keyof typeof MEDIA_ICON }) {
  const Icon = MEDIA_ICON[format];
  return (
    <Center bg="#dfe5e7" h={format === 'document' ? 56 : 140} mb={4} style={{ borderRadius: 6 }} aria-label={`${format} header`}>
      <Icon size={36} color="#8696a0" aria-hidden />
    </Center>
  );
}
