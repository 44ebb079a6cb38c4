// The bot module's public door: the built-in bot (its engine, settings and the inbound bot step) and what the
// external bot shares with it.
export { onCustomerMessage } from './run-bot';
export { applyBotDecision, toOutbound, BOT_CLOSE } from './apply-decision';
export type { BotAction, BotDecision, BotTurn } from './apply-decision';
export { getBotSettings } from './settings';
export type { BotMode } from './tables';
export { botRoutes } from './routes';
export { externalBotJobs, externalBotRoutes } from './external';
// What this module keeps about contacts, for merge, GDPR export / erasure and retention (src/contact-data.ts).
export { botContactData } from './contact-data';
