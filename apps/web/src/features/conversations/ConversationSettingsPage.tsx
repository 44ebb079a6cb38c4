import { Divider, Stack } from '@mantine/core';
import { FirstMessageTagsSection } from '../contacts/FirstMessageTagsSection';
import { CannedRepliesSection } from '../desk/CannedRepliesSection';
import { useCurrentUser } from '../identity/session';
import { ConversationSettingsSection } from './ConversationSettingsSection';

/** /settings/conversations: session and closing rules, canned replies, and first-message tags (the greeting is the bot’s). */
export function ConversationSettingsPage() {
  const me = useCurrentUser();
  // Everyone on staff reads these rules; only admins change them (the server enforces the same).
  const canEdit = me.role === 'admin';
  return (
    <Stack gap="xl">
      <ConversationSettingsSection canEdit={canEdit} />
      <Divider />
      <CannedRepliesSection canEdit={canEdit} />
      <Divider />
      <FirstMessageTagsSection canEdit={canEdit} />
    </Stack>
  );
}
