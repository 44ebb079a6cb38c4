import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../../db/schema';
import type { Logger } from '../logger';
import { migrationsDir } from './migrations-dir';
import { CallbackQueryClient } from './pg-client';
import type { Database } from './database';

// Any constant works; it only has to be the same on every Parley node.
const MIGRATION_LOCK = 0x7061726c; // "parl"

export async function openPostgres(url: string, poolSize: number, log: Logger): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'parley', Client: CallbackQueryClient });
  pool.on('error', (err) => log.error({ err }, 'idle PostgreSQL connection failed'));
  const db = drizzle({ client: pool, schema });
  const listener = new Listener(url, log);
  return {
    engine: 'postgres',
    db,
    pool,
    url,
    async migrate() {
      // Several nodes may boot at once: one migrates while the others wait on the advisory lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrate(drizzle({ client, schema }), { migrationsFolder: migrationsDir() });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

type Handler = (payload: string) => void;

/** One dedicated connection for LISTEN, re-established (and re-subscribed) if it drops. */
class Listener {
  private client?: pg.Client;
  private connecting?: Promise<pg.Client>;
  private readonly handlers = new Map<string, Set<Handler>>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async listen(channel: string, handler: Handler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    const isNew = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    const client = await this.connect();
    if (isNew) await client.query(`LISTEN ${quoteIdent(channel)}`);
    return async () => {
      set.delete(handler);
    };
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'parley-listen' });
    client.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    client.on('error', (err) => {
      this.log.warn({ err }, 'LISTEN connection lost; reconnecting');
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.resubscribe(), 1000).unref();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async resubscribe() {
    try {
      const client = await this.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (err) {
      this.log.error({ err }, 'could not re-establish LISTEN; retrying');
      if (!this.closed) setTimeout(() => void this.resubscribe(), 2000).unref();
    }
  }

  async close() {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}

function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}
