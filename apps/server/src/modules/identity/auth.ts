import type { Role } from '@parley/contracts';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { resolveApiToken } from './api-tokens';
import type { Principal } from './principal';
import { resolveSession } from './sessions';

export const SESSION_COOKIE = 'parley_session';
export const DEVICE_COOKIE = 'parley_device';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Who sent this request: an API token (Authorization: Bearer) or a session cookie; null if neither is valid. */
export async function authenticate(deps: Deps, request: FastifyRequest): Promise<Principal | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return resolveApiToken(deps, bearer);
  const token = request.cookies[SESSION_COOKIE];
  return token ? resolveSession(deps, token) : null;
}

export interface AccessRule {
  /** Roles allowed; all when omitted. */
  roles?: readonly Role[];
  /** Whether an API token may call this route (it acts with admin rights on the REST API). */
  tokens?: boolean;
}

/** A preHandler that authenticates and authorises, leaving the principal on the request. */
export function requireAuth(deps: Deps, rule: AccessRule = {}): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const principal = await authenticate(deps, request);
    if (!principal) throw new AppError('unauthenticated', 'Sign in first, or send a valid API token');
    if (principal.kind === 'api_token' && !rule.tokens) throw new AppError('forbidden', 'API tokens cannot use this endpoint');
    if (rule.roles && !rule.roles.includes(principal.role)) throw new AppError('forbidden', 'Your role does not allow this');
    request.principal = principal;
  };
}

/** The principal a requireAuth preHandler left on the request. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in first');
  return request.principal;
}

export function userPrincipalOf(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const p = principalOf(request);
  if (p.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in user can do this');
  return p;
}
