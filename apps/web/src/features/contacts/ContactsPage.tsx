import { IconAddressBook } from '@tabler/icons-react';
import { ComingSoon } from '../../components/ComingSoon';

export function ContactsPage() {
  return (
    <ComingSoon
      title="Contacts"
      icon={<IconAddressBook aria-hidden />}
      description="Customer profiles with their conversations, attributes, tags, segments, import and Excel export will live here; they are not available yet in this version."
    />
  );
}
