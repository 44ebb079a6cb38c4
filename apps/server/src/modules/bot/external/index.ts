// The external bot, part of the bot module: in external mode each customer message is POSTed, signed, to the
// integrator's URL and the answer's replies and actions are applied (docs/external-bot.md).
import { worker } from '../../../platform/queue';
import { externalBotJob } from './job';
import { runExternalBot } from './run-external-bot';

export { enqueueExternalBot } from './enqueue';
export { externalBotRoutes } from './routes';
export { externalBotJob } from './job';
export { runExternalBot } from './run-external-bot';

/** Wire into the bot module's job list; the HTTP call can take up to the 10 s timeout, so several run at once. */
export const externalBotJobs = [worker(externalBotJob, runExternalBot, 4)];
