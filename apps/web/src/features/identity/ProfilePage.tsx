import { SimpleGrid, Stack, Title } from '@mantine/core';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ProfileForm } from './ProfileForm';

export function ProfilePage() {
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        My profile
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ProfileForm />
        <ChangePasswordForm />
      </SimpleGrid>
    </Stack>
  );
}
