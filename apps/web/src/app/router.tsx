import type { Role } from '@parley/contracts';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import { PageLoader } from '../components/PageLoader';
import { ContactsPage } from '../features/contacts/ContactsPage';
import { ConversationView } from '../features/conversations/ConversationView';
import { InboxPage } from '../features/conversations/InboxPage';
import { NoConversationSelected } from '../features/conversations/NoConversationSelected';
import { LoginPage } from '../features/identity/LoginPage';
import { RequireRole } from '../features/identity/RequireRole';
import { InsightPage } from '../features/insight/InsightPage';
import { SettingsIndex } from '../features/settings/SettingsIndex';
import { SettingsLayout } from '../features/settings/SettingsLayout';
import { NotFoundPage } from '../features/shell/NotFoundPage';
import { RouteError } from './RouteError';
import { SignedInApp } from './SignedInApp';

/** Pages most people rarely open are loaded on demand, keeping the first load (login, inbox) small. */
function lazyPage(load: () => Promise<ComponentType>): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: await load() }) };
}

/** A page only some roles may open; the check renders before the page's code is even fetched. */
function guardedPage(roles: readonly Role[], what: string, load: () => Promise<ComponentType>): RouteObject[] {
  return [
    {
      element: (
        <RequireRole roles={roles} what={what}>
          <Outlet />
        </RequireRole>
      ),
      children: [{ index: true, ...lazyPage(load) }],
    },
  ];
}

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
    {
      path: '/',
      element: <SignedInApp />,
      errorElement: <RouteError />,
      // Opening a lazily loaded page directly (a reload, a link) shows this while its code arrives.
      hydrateFallbackElement: <PageLoader />,
      children: [
        {
          // Inside the shell, so a crashing page keeps the header and navigation usable.
          errorElement: <RouteError />,
          children: [
            { index: true, element: <Navigate to="/inbox" replace /> },
            {
              path: 'inbox',
              element: <InboxPage />,
              children: [
                { index: true, element: <NoConversationSelected /> },
                { path: ':conversationId', element: <ConversationView /> },
              ],
            },
            { path: 'contacts', element: <ContactsPage /> },
            { path: 'contacts/segments', element: <ContactsPage /> },
            { path: 'contacts/:id', ...lazyPage(() => import('../features/contacts/profile/ProfilePage').then((m) => m.ProfilePage)) },
            {
              // The live conversation lists (seed 004): admins and supervisors, like their API.
              path: 'admin-menu',
              children: guardedPage(['admin', 'supervisor'], 'the admin menu', () =>
                import('../features/admin-views/AdminMenuPage').then((m) => m.AdminMenuPage),
              ),
            },
            {
              // Outbound history, its View, and the campaign wizard (seed 004): admins only, like their API.
              path: 'campaigns',
              children: [
                ...guardedPage(['admin'], 'outbound campaigns', () =>
                  import('../features/campaigns/CampaignsPage').then((m) => m.CampaignsPage),
                ),
                {
                  path: 'new',
                  children: guardedPage(['admin'], 'outbound campaigns', () =>
                    import('../features/campaigns/wizard/CampaignWizard').then((m) => m.CampaignWizard),
                  ),
                },
                {
                  path: ':campaignId',
                  children: guardedPage(['admin'], 'outbound campaigns', () =>
                    import('../features/campaigns/CampaignViewPage').then((m) => m.CampaignViewPage),
                  ),
                },
                {
                  path: ':campaignId/edit',
                  children: guardedPage(['admin'], 'outbound campaigns', () =>
                    import('../features/campaigns/wizard/CampaignWizard').then((m) => m.CampaignWizard),
                  ),
                },
              ],
            },
            { path: 'templates', ...lazyPage(() => import('../features/templates/TemplatesPage').then((m) => m.TemplatesPage)) },
            { path: 'insight', element: <InsightPage /> },
            { path: 'simulator', ...lazyPage(() => import('../features/simulator/SimulatorPage').then((m) => m.SimulatorPage)) },
            { path: 'profile', ...lazyPage(() => import('../features/identity/ProfilePage').then((m) => m.ProfilePage)) },
            {
              path: 'settings',
              element: <SettingsLayout />,
              children: [
                { index: true, element: <SettingsIndex /> },
                {
                  path: 'channels',
                  children: guardedPage(['admin', 'supervisor'], 'the channels of this workspace', () =>
                    import('../features/channels/ChannelsPage').then((m) => m.ChannelsPage),
                  ),
                },
                {
                  path: 'conversations',
                  children: guardedPage(['admin', 'supervisor'], 'the conversation settings', () =>
                    import('../features/conversations/ConversationSettingsPage').then((m) => m.ConversationSettingsPage),
                  ),
                },
                {
                  path: 'bot',
                  children: guardedPage(['admin'], 'the bot settings', () =>
                    import('../features/bot/BotSettingsPage').then((m) => m.BotSettingsPage),
                  ),
                },
                {
                  path: 'external-bot',
                  children: guardedPage(['admin'], 'the external bot settings', () =>
                    import('../features/bot/ExternalBotPage').then((m) => m.ExternalBotPage),
                  ),
                },
                {
                  path: 'skillsets',
                  children: guardedPage(['admin', 'supervisor'], 'the skillsets of this workspace', () =>
                    import('../features/routing/SkillsetsPage').then((m) => m.SkillsetsPage),
                  ),
                },
                {
                  path: 'attributes',
                  children: guardedPage(['admin', 'supervisor'], 'the contact attributes', () =>
                    import('../features/contacts/attributes/AttributesPage').then((m) => m.AttributesPage),
                  ),
                },
                {
                  path: 'users',
                  children: guardedPage(['admin', 'supervisor'], 'the users of this workspace', () =>
                    import('../features/identity/UsersPage').then((m) => m.UsersPage),
                  ),
                },
                {
                  path: 'api-tokens',
                  children: guardedPage(['admin'], 'API tokens', () =>
                    import('../features/identity/ApiTokensPage').then((m) => m.ApiTokensPage),
                  ),
                },
                {
                  path: 'audit-log',
                  children: guardedPage(['admin'], 'the audit log', () =>
                    import('../features/identity/AuditLogPage').then((m) => m.AuditLogPage),
                  ),
                },
                {
                  path: 'privacy',
                  children: guardedPage(['admin'], 'privacy requests and retention', () =>
                    import('../features/contacts/privacy/PrivacySettingsPage').then((m) => m.PrivacySettingsPage),
                  ),
                },
              ],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
