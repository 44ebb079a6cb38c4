import { AppShell, Burger, Group, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from 'react-router';
import { useCurrentUser } from '../identity/session';
import { HeaderClock } from './HeaderClock';
import { MainNav } from './MainNav';
import { UserMenu } from './UserMenu';

export function AppLayout() {
  const user = useCurrentUser();
  const [navOpened, nav] = useDisclosure(false);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h4" c="indigo.7">
              Parley
            </Title>
            <Text size="sm" c="dimmed" truncate visibleFrom="sm" data-testid="header-workspace">
              {user.workspaceName}
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <HeaderClock />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <MainNav onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
