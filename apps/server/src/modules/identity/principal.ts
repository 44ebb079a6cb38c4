import type { Role } from '@parley/contracts';

/** Who is making a request: a signed-in staff user, or an integration holding an API token. */
export type Principal =
  | { kind: 'user'; workspaceId: string; userId: string; role: Role; sessionId: string }
  | { kind: 'api_token'; workspaceId: string; tokenId: string; role: 'admin' };

/** The audit actor for a principal. */
export const actorOf = (p: Principal) =>
  p.kind === 'user' ? { actorType: 'user' as const, actorId: p.userId } : { actorType: 'api_token' as const, actorId: p.tokenId };
