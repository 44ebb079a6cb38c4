import { ActionIcon, Alert, Avatar, Button, DataList, FileButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ContactProfile, ContactView } from '@parley/contracts';
import { IconPencil, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { useUserTime } from '../../identity/session';
import { contactName } from '../format';
import { EditContactModal } from './EditContactModal';
import { ProfileSection } from './ProfileSection';
import { usePicture } from './queries';
import { TagsEditor } from './TagsEditor';

const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif';

/** Who they are: picture (uploaded, shown), the standard fields (editable), tags and created. */
export function WhoSection({ contact, profile }: { contact: ContactView; profile: ContactProfile }) {
  const time = useUserTime();
  const picture = usePicture(contact.id);
  const [editing, setEditing] = useState(false);
  const f = profile.fields;
  const rows: Array<[string, string | null, string]> = [
    ['First name', contact.firstName, 'firstName'],
    ['Last name', contact.lastName, 'lastName'],
    ['Email', contact.email, 'email'],
    ['Phone', contact.phone, 'phone'],
    ['Gender', f.gender, 'gender'],
    ['Time zone', f.timezone, 'timezone'],
    ['Language', f.language, 'language'],
    ['Location', f.location, 'location'],
    ['Country', f.country, 'country'],
    ['Device', f.device, 'device'],
  ];
  const error = picture.upload.error ?? picture.remove.error;

  return (
    <ProfileSection
      title="Who"
      testId="profile-who"
      extra={
        <Tooltip label="Edit the fields">
          <ActionIcon variant="subtle" aria-label="Edit the fields" data-testid="profile-edit" onClick={() => setEditing(true)}>
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      }
    >
      <Stack gap="sm">
        <Group gap="sm">
          <Avatar src={profile.picture?.url ?? null} size={64} radius="xl" alt={contactName(contact)} data-testid="profile-picture">
            {contactName(contact).slice(0, 2).toUpperCase()}
          </Avatar>
          <Stack gap={4}>
            <FileButton accept={IMAGE_TYPES} onChange={(file) => file && picture.upload.mutate(file)}>
              {(props) => (
                <Button
                  {...props}
                  size="compact-xs"
                  variant="light"
                  leftSection={<IconPhotoUp size={14} aria-hidden />}
                  loading={picture.upload.isPending}
                >
                  {profile.picture ? 'Change picture' : 'Add a picture'}
                </Button>
              )}
            </FileButton>
            {profile.picture && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} aria-hidden />}
                loading={picture.remove.isPending}
                onClick={() => picture.remove.mutate()}
              >
                Remove
              </Button>
            )}
          </Stack>
        </Group>
        {error && <Alert color="red">{errorMessage(error)}</Alert>}
        <DataList size="sm" labelWidth={90} gap={4} aria-label="Standard fields">
          {rows.map(([label, value, key]) => (
            <DataList.Item key={key}>
              <DataList.ItemLabel>{label}</DataList.ItemLabel>
              <DataList.ItemValue>
                <Text span inherit c={value ? undefined : 'dimmed'} data-testid={`profile-field-${key}`}>
                  {value ?? '—'}
                </Text>
              </DataList.ItemValue>
            </DataList.Item>
          ))}
          <DataList.Item>
            <DataList.ItemLabel>Group</DataList.ItemLabel>
            <DataList.ItemValue>{f.isGroup ? 'Yes, a group chat' : 'No'}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Created</DataList.ItemLabel>
            <DataList.ItemValue>{time.dateTime(contact.createdAt)}</DataList.ItemValue>
          </DataList.Item>
        </DataList>
        <TagsEditor contactId={contact.id} tags={contact.tags} />
      </Stack>
      <EditContactModal opened={editing} onClose={() => setEditing(false)} contact={contact} profile={profile} />
    </ProfileSection>
  );
}
