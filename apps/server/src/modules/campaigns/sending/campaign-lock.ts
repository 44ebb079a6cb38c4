// One dispatcher per campaign at a time, across every process: a session-level PostgreSQL advisory lock held on a
// connection of its own for the whole run. Unlike a lease column it needs no expiry guess: when the process dies
// (kill -9, a lost node) PostgreSQL ends the session and the lock is free at once, so the next dispatch job — the
// minute's scan, or a kick — takes over within seconds. Inside one process a Set does the same (advisory locks are
// re-entrant within a session, and the embedded engine has a single session, guarded by its lock file).
import type pg from 'pg';
import type { Deps } from '../../../platform/deps';

const running = new Set<string>();

export interface CampaignLease {
  /** False once the lock's connection broke: another dispatcher may take the campaign, so stop claiming. */
  held(): boolean;
}

/**
 * Run `fn` holding the campaign's lock, or return `{ ran: false }` at once when another dispatcher holds it.
 */
export async function withCampaignLock<T>(
  deps: Deps,
  campaignId: string,
  fn: (lease: CampaignLease) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (running.has(campaignId)) return { ran: false };
  running.add(campaignId);
  try {
    if (deps.engine !== 'postgres') return { ran: true, value: await fn({ held: () => true }) };
    const pool = (deps.db as unknown as { $client: pg.Pool }).$client;
    const client = await pool.connect();
    let lost = false;
    const onError = (err: Error) => {
      lost = true;
      deps.log.error({ err, campaignId }, 'campaign lock connection lost; this dispatcher stops');
    };
    client.on('error', onError);
    try {
      const key = `parley.campaign:${campaignId}`;
      const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
      if (!got.rows[0]?.ok) return { ran: false };
      try {
        return { ran: true, value: await fn({ held: () => !lost }) };
      } finally {
        if (!lost) await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      }
    } finally {
      client.off('error', onError);
      // A broken connection must not go back to the pool.
      client.release(lost ? true : undefined);
    }
  } finally {
    running.delete(campaignId);
  }
}
