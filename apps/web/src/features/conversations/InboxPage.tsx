import { IconInbox } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

export function InboxPage() {
  return (
    <ComingSoon
      title="Inbox"
      icon={<IconInbox aria-hidden />}
      description="The live inbox, where agents answer the conversations routed to them beside the customer's profile, is not available yet in this version."
    />
  );
}
