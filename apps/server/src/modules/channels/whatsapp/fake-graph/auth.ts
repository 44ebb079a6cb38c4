import type { IncomingMessage } from 'node:http';
import { authErrorBody, unsupportedRequestBody } from './graph-errors';
import { bearerToken, json, type Reply } from './http-util';
import type { FakeState } from './state';
import type { NumberConfig } from './types';

/** The bearer token must belong to some registered number; otherwise 401 / code 190 (§6.4). */
export function authenticate(state: FakeState, req: IncomingMessage): { token: string } | Reply {
  const token = bearerToken(req);
  if (!token) return json(401, authErrorBody('Cannot parse access token'));
  for (const n of state.numbers.values()) if (n.accessToken === token) return { token };
  return json(401, authErrorBody('Cannot parse access token'));
}

/**
 * A valid token used on a phone number id it does not own gets Graph's "object does not exist or missing
 * permissions" answer (code 100, subcode 33), not a 401: the token itself is fine.
 */
export function authorizeNumber(
  state: FakeState,
  req: IncomingMessage,
  phoneNumberId: string,
  method: 'get' | 'post',
): NumberConfig | Reply {
  const auth = authenticate(state, req);
  if ('kind' in auth) return auth;
  const number = state.numbers.get(phoneNumberId);
  if (!number || number.accessToken !== auth.token) return json(400, unsupportedRequestBody(method, phoneNumberId));
  return number;
}

/** Tells a route's early answer from the number it authorized (a NumberConfig has no `kind`). */
export function isReply(v: NumberConfig | Reply): v is Reply {
  return 'kind' in v;
}
