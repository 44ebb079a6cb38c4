import { Anchor, Group, Image, Text } from '@mantine/core';
import type { MessageView } from '@parley/contracts';
import { IconPaperclip } from '@tabler/icons-react';
import { API_BASE } from '../../lib/api';

const MEDIA = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/**
 * The file a message carries, read from Parley's own copy (GET /channels/:id/media/:id): a customer's media once
 * downloaded, or a file staff attached. Images show inline; everything else is a download (the server serves
 * untrusted types as attachments only).
 */
export function MessageAttachment({ message: m, channelId }: { message: MessageView; channelId: string }) {
  const c = m.content;
  const mediaType = m.type === 'media' ? str(c.mediaType) : m.type;
  const file = str(c.fileId) ?? str(c.mediaId);
  if (!mediaType || !MEDIA.has(mediaType) || !file) return null;
  const url = `${API_BASE}/channels/${encodeURIComponent(channelId)}/media/${encodeURIComponent(file)}`;
  const name = str(c.filename) ?? `${mediaType} file`;
  if (mediaType === 'image' || mediaType === 'sticker') {
    return (
      <Anchor href={url} target="_blank" rel="noreferrer" data-testid="message-attachment" data-media-type={mediaType}>
        <Image src={url} alt={str(c.caption) ?? 'Image'} maw={240} mah={240} fit="contain" radius="sm" />
      </Anchor>
    );
  }
  return (
    <Anchor href={url} download={name} size="sm" data-testid="message-attachment" data-media-type={mediaType}>
      <Group gap={4} wrap="nowrap">
        <IconPaperclip size={14} aria-hidden />
        <Text span inherit truncate>
          {name}
        </Text>
      </Group>
    </Anchor>
  );
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
