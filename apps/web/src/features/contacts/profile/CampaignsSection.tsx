import { Alert, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { errorMessage } from '../../../lib/api';
import { useUserTime } from '../../identity/session';
import { ProfileSection } from './ProfileSection';
import { useContactCampaigns } from './queries';

const STATUS_COLORS: Record<string, string> = { read: 'green', delivered: 'teal', sent: 'blue', failed: 'red', skipped: 'gray' };

/** The campaigns they received, with how their message fared. */
export function CampaignsSection({ contactId }: { contactId: string }) {
  const time = useUserTime();
  const campaigns = useContactCampaigns(contactId);
  return (
    <ProfileSection title="Campaigns" testId="profile-campaigns">
      {campaigns.isPending && <Loader size="sm" aria-label="Loading campaigns" />}
      {campaigns.isError && <Alert color="red">{errorMessage(campaigns.error)}</Alert>}
      {campaigns.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No campaigns yet.
        </Text>
      )}
      <Stack gap={6}>
        {campaigns.data?.map((c) => (
          <Group key={c.campaignId} justify="space-between" wrap="nowrap" data-testid="profile-campaign">
            <div>
              <Text size="sm">{c.name}</Text>
              {c.reason && (
                <Text size="xs" c="dimmed">
                  {c.reason}
                </Text>
              )}
            </div>
            <Group gap={6} wrap="nowrap">
              <Text size="xs" c="dimmed">
                {time.dateTime(c.sentAt ?? c.updatedAt)}
              </Text>
              <Badge size="sm" variant="light" color={STATUS_COLORS[c.status] ?? 'gray'}>
                {c.status}
              </Badge>
            </Group>
          </Group>
        ))}
      </Stack>
    </ProfileSection>
  );
}
