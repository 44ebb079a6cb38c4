import { Stack, Tabs, Text, Title } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { hasRole, useCurrentUser } from '../identity/session';
import { settingsSections } from './sections';

/** Settings pages are sub-routes (reloadable, linkable); the tabs only reflect and change the URL. */
export function SettingsLayout() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const sections = settingsSections.filter((s) => hasRole(user, s.roles));
  const current = pathname.split('/')[2] ?? null;

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          Settings
        </Title>
        <Text size="sm" c="dimmed">
          Channels, the bot, skillsets, contact attributes and the rest of how this workspace works.
        </Text>
      </div>
      {sections.length > 0 && current ? (
        <Tabs value={current} onChange={(value) => value && void navigate(`/settings/${value}`)} keepMounted={false}>
          <Tabs.List>
            {sections.map((section) => (
              <Tabs.Tab key={section.slug} value={section.slug}>
                {section.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value={current} pt="md">
            <Outlet />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <Outlet />
      )}
    </Stack>
  );
}
