import type { Role } from '@parley/contracts';

export interface SettingsSection {
  /** Path segment under /settings, also the tab value. */
  slug: string;
  label: string;
  roles: readonly Role[];
}

/** Sections available in this version, with who may open them (mirrors the server's rules). */
export const settingsSections: readonly SettingsSection[] = [
  { slug: 'channels', label: 'Channels', roles: ['admin', 'supervisor'] },
  { slug: 'conversations', label: 'Conversations', roles: ['admin', 'supervisor'] },
  { slug: 'bot', label: 'Bot', roles: ['admin'] },
  { slug: 'external-bot', label: 'External bot', roles: ['admin'] },
  { slug: 'skillsets', label: 'Skillsets', roles: ['admin', 'supervisor'] },
  { slug: 'attributes', label: 'Attributes', roles: ['admin', 'supervisor'] },
  { slug: 'users', label: 'Users', roles: ['admin', 'supervisor'] },
  { slug: 'api-tokens', label: 'API tokens', roles: ['admin'] },
  { slug: 'audit-log', label: 'Audit log', roles: ['admin'] },
  { slug: 'privacy', label: 'Privacy', roles: ['admin'] },
];
