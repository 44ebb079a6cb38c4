import {
  IconAddressBook,
  IconChartBar,
  IconDeviceMobileMessage,
  IconInbox,
  IconLayoutList,
  IconSettings,
  IconSpeakerphone,
  IconTemplate,
  type Icon,
} from '@tabler/icons-react';

export interface NavItem {
  label: string;
  to: string;
  icon: Icon;
}

/** The main areas, in the order people use them most. Labels are part of the UI contract (end-to-end tests). */
export const navItems: readonly NavItem[] = [
  { label: 'Inbox', to: '/inbox', icon: IconInbox },
  { label: 'Contacts', to: '/contacts', icon: IconAddressBook },
  { label: 'Admin menu', to: '/admin-menu', icon: IconLayoutList },
  { label: 'Campaigns', to: '/campaigns', icon: IconSpeakerphone },
  { label: 'Templates', to: '/templates', icon: IconTemplate },
  { label: 'Insight', to: '/insight', icon: IconChartBar },
  { label: 'Simulator', to: '/simulator', icon: IconDeviceMobileMessage },
  { label: 'Settings', to: '/settings', icon: IconSettings },
];
