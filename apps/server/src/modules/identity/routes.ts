import {
  apiTokenList,
  auditList,
  auditQuery,
  changePasswordRequest,
  createApiTokenRequest,
  createdApiToken,
  createUserRequest,
  loginRequest,
  me,
  updateMeRequest,
  updateUserRequest,
  user,
  userList,
} from '@parley/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens';
import { listAudit } from './audit';
import { DEVICE_COOKIE, SESSION_COOKIE, principalOf, requireAuth, userPrincipalOf } from './auth';
import { login } from './login';
import { createUser, listUsers, updateUser } from './manage-users';
import { changePassword, getMe, updateMe } from './profile';
import { endSession } from './sessions';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['identity'];

/** Staff sign-in, profile, users, API tokens and the audit log. Handlers stay thin: parse, call, map. */
export function identityRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const signedIn = requireAuth(deps);
    const admin = requireAuth(deps, { roles: ['admin'] });

    app.post('/auth/login', { schema: { tags, body: loginRequest, response: { 200: me } } }, async (req, reply) => {
      const result = await login(deps, {
        ...req.body,
        ip: clientIp(req),
        userAgent: req.headers['user-agent'],
        deviceToken: req.cookies[DEVICE_COOKIE],
      });
      setCookies(deps, reply, result.sessionToken, result.deviceToken);
      return getMe(deps, result);
    });

    app.post('/auth/logout', { schema: { tags }, preHandler: signedIn }, async (req, reply) => {
      await endSession(deps, userPrincipalOf(req));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    app.get('/me', { schema: { tags, response: { 200: me } }, preHandler: signedIn }, (req) => getMe(deps, userPrincipalOf(req)));

    app.patch('/me', { schema: { tags, body: updateMeRequest, response: { 200: me } }, preHandler: signedIn }, (req) =>
      updateMe(deps, userPrincipalOf(req), req.body),
    );

    app.post('/me/password', { schema: { tags, body: changePasswordRequest }, preHandler: signedIn }, async (req, reply) => {
      await changePassword(deps, userPrincipalOf(req), req.body);
      return reply.status(204).send();
    });

    app.get(
      '/workspace',
      {
        schema: { tags, response: { 200: z.object({ id: z.uuid(), role: z.string() }) } },
        preHandler: requireAuth(deps, { tokens: true }),
      },
      (req) => {
        const p = principalOf(req);
        return { id: p.workspaceId, role: p.role };
      },
    );

    app.get(
      '/users',
      { schema: { tags, response: { 200: userList } }, preHandler: requireAuth(deps, { roles: ['admin', 'supervisor'], tokens: true }) },
      async (req) => ({ items: await listUsers(deps, principalOf(req)) }),
    );

    app.post('/users', { schema: { tags, body: createUserRequest, response: { 201: user } }, preHandler: admin }, async (req, reply) =>
      reply.status(201).send(await createUser(deps, principalOf(req), req.body, clientIp(req))),
    );

    app.patch(
      '/users/:id',
      { schema: { tags, params: idParam, body: updateUserRequest, response: { 200: user } }, preHandler: admin },
      (req) => updateUser(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );

    app.get('/api-tokens', { schema: { tags, response: { 200: apiTokenList } }, preHandler: admin }, async (req) => ({
      items: await listApiTokens(deps, principalOf(req)),
    }));

    app.post(
      '/api-tokens',
      { schema: { tags, body: createApiTokenRequest, response: { 201: createdApiToken } }, preHandler: admin },
      async (req, reply) => reply.status(201).send(await createApiToken(deps, userPrincipalOf(req), req.body.name, clientIp(req))),
    );

    app.delete('/api-tokens/:id', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      await revokeApiToken(deps, principalOf(req), req.params.id, clientIp(req));
      return reply.status(204).send();
    });

    app.get('/audit-log', { schema: { tags, querystring: auditQuery, response: { 200: auditList } }, preHandler: admin }, (req) =>
      listAudit(deps.db, principalOf(req).workspaceId, req.query.limit, req.query.before),
    );
  };
}

function setCookies(deps: Deps, reply: FastifyReply, sessionToken: string, deviceToken: string) {
  const base = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.session.cookieSecure };
  void reply.setCookie(SESSION_COOKIE, sessionToken, { ...base, maxAge: deps.config.session.maxHours * 3600 });
  void reply.setCookie(DEVICE_COOKIE, deviceToken, { ...base, maxAge: 365 * 24 * 3600 });
}
