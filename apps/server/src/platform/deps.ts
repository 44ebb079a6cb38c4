import type { Config } from '../config';
import type { Clock } from './clock';
import type { Db, Engine } from './db';
import type { Logger } from './logger';
import type { Queue } from './queue';
import type { Realtime } from './realtime';
import type { SecretBox } from './secret-box';

/** What every use case receives: explicit, no container. `db` may be a transaction. */
export interface Deps {
  db: Db;
  engine: Engine;
  queue: Queue;
  clock: Clock;
  config: Config;
  log: Logger;
  realtime: Realtime;
  secrets: SecretBox;
}
