import { Anchor, Group, Stack, Text } from '@mantine/core';
import type { ContactProfile } from '@parley/contracts';
import { IconStarFilled } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useUserTime } from '../../identity/session';
import { ProfileSection } from './ProfileSection';

/** The segments they belong to now (each opens as a list) and the goals they completed. */
export function SegmentsGoalsSection({ profile }: { profile: ContactProfile }) {
  const time = useUserTime();
  return (
    <>
      <ProfileSection title="Segments" testId="profile-segments">
        {profile.segments.length === 0 ? (
          <Text size="sm" c="dimmed">
            In no segment.
          </Text>
        ) : (
          <Stack gap={4}>
            {profile.segments.map((s) => (
              <Anchor key={s.id} component={Link} to={`/contacts?segment=${s.id}`} size="sm" data-testid="profile-segment">
                {s.name}{' '}
                <Text span size="xs" c="dimmed">
                  {s.kind}
                </Text>
              </Anchor>
            ))}
          </Stack>
        )}
      </ProfileSection>
      <ProfileSection title="Goal completions" testId="profile-goals">
        {profile.goals.length === 0 ? (
          <Text size="sm" c="dimmed">
            No goals completed yet.
          </Text>
        ) : (
          <Stack gap={4}>
            {profile.goals.map((g) => (
              <Group key={`${g.conversationId}:${g.name}`} gap={6} wrap="nowrap" data-testid="profile-goal">
                <IconStarFilled size={12} color="var(--mantine-color-yellow-6)" aria-hidden />
                <Text size="sm">{g.name}</Text>
                <Text size="xs" c="dimmed">
                  {time.dateTime(g.completedAt)}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </ProfileSection>
    </>
  );
}
