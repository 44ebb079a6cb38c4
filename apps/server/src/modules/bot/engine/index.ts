// The built-in bot's decision engine: pure functions of (personality, conversation state, message, clock).
// No database, no network, no clock of its own; the bot module around it stores the state and applies the actions.
export {
  botConfigSchema,
  checkBotConfig,
  defaultBotConfig,
  isValidTimeZone,
  parseBotConfig,
  questionTypes,
  weekdays,
  type BotConfig,
  type BotConfigInput,
  type BotConfigProblem,
  type BotFaqEntry,
  type BotMenu,
  type BotMenuOption,
  type BotQuestion,
  type BusinessHours,
  type KnownReferences,
  type ParsedBotConfig,
  type QuestionType,
  type TimeRange,
  type Weekday,
} from './config';
export { askQuestion, decide, isStopMessage, menuReply } from './decide';
export {
  compileBot,
  FAQ_THRESHOLD,
  HANDOFF_THRESHOLD,
  KEYWORD_SCORE,
  KEYWORD_THRESHOLD,
  matchFaq,
  MENU_LABEL_THRESHOLD,
  menuReplyId,
  type CompiledBot,
  type FaqMatch,
} from './compile';
export { normalize, phraseSimilarity } from './fuzzy';
export { isWithinBusinessHours, localTime, type LocalTime } from './hours';
export { renderChoices } from './render';
export {
  botStateSchema,
  initialBotState,
  type Action,
  type BotInput,
  type BotState,
  type ChannelCapabilities,
  type ChoiceRow,
  type Decision,
  type DecisionRule,
  type HandoffReason,
  type Reply,
} from './types';
export { LIST_OPTION_THRESHOLD, questionReplyId, validateAnswer, type AnswerResult, type AnswerValue } from './validate-answer';
