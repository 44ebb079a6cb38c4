import { Divider, Stack } from '@mantine/core';
import { PrivacyRequestsSection } from './PrivacyRequestsSection';
import { RetentionSection } from './RetentionSection';

/** /settings/privacy (admins): GDPR requests to carry out, and the retention policy. */
export function PrivacySettingsPage() {
  return (
    <Stack gap="xl">
      <PrivacyRequestsSection />
      <Divider />
      <RetentionSection />
    </Stack>
  );
}
