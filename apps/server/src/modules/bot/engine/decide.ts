// The built-in bot's decision for one inbound message: what to reply, what to do, and the state to keep. Pure and
// deterministic: same config, state, input and clock → same decision. The caller calls it only while the
// conversation is in state `bot` and the bot is not paused, sends the replies, applies the actions, stores the state.
//
// Rules, first match wins:
//  1. STOP keyword (the whole message)   → opt_out + stopReply, nothing else.
//  2. Out of business hours, not yet told in this conversation → outOfHoursReply only; the flag in state makes it
//     once per conversation, after which messages go through the rules below (FAQ still answers at night, a
//     handoff waits in the queue for the morning).
//  3. A question is pending               → a valid answer: set_attribute (+ goal), the question's reply if any,
//     then its next question if any (else the question is cleared); an invalid one: retryPrompt, counted as
//     misunderstood — at maxMisunderstood it hands over as in rule 8, so a customer who cannot answer is never
//     stuck in a loop.
//  4. Menu choice (tapped id, the option's number after the menu was shown, its label, its keywords)
//                                          → the option's team is remembered (a later handoff goes to it) and its
//     reply sent; an option marked `handoff` hands over to that team at once instead, and so does a typed message
//     that also asks for a person ("talk to a human about sales").
//  5. Handoff phrase (fuzzy)              → handoff to the team picked from the menu, else the general queue.
//  6. FAQ (keywords, fuzzy phrases)       → the answer (+ goal), then the entry's question if it has one (how a
//     question gets asked in a conversation: "Can I get a quote?" → answer + "What is your email?").
//  7. New conversation                    → greeting + menu.
//  8. Otherwise: misunderstood            → count it; misunderstoodReply + the menu again; on reaching
//     maxMisunderstood: handoff (reason misunderstood, to the picked team if any) + handoffReply, counter back to 0.
// Every understood message (rules 3 valid, 4–7) resets the counter: it counts misunderstandings in a row.
// Every handoff the bot asks for counts one unresolved query on the contact (seed 000: queries for which
// intervention was requested), whichever rule asked for it.
import { compileBot, isStopKeyword, matchFaq, matchHandoff, matchMenu, menuReplyId, type CompiledBot } from './compile';
import type { BotConfig, BotQuestion } from './config';
import { isWithinBusinessHours } from './hours';
import { renderChoices } from './render';
import type { Action, BotInput, BotState, ChannelCapabilities, Decision, DecisionRule, HandoffReason, Reply } from './types';
import { questionReplyId, validateAnswer } from './validate-answer';

export function decide(config: BotConfig, state: BotState, input: BotInput, now: Date): Decision {
  const bot = compileBot(config);
  // A new conversation starts afresh whatever the caller kept: no pending question, no out-of-hours flag.
  const st: BotState = input.isNewConversation ? { misunderstood: 0 } : { ...state, misunderstood: counter(state.misunderstood) };
  if (!config.enabled) return decision([], [], st, 'disabled');

  const message = bot.lexicon.analyze(input.text);
  const caps = input.channelCapabilities;

  // 1. STOP
  if (isStopKeyword(bot, message)) {
    return decision(
      [text(config.stopReply)],
      [{ type: 'opt_out' }],
      { ...st, misunderstood: 0, pendingQuestionId: undefined, askedMenu: undefined },
      'stop',
    );
  }

  // 2. Out of hours, once per conversation
  if (config.businessHours && !st.outOfHoursNotified && !isWithinBusinessHours(config.businessHours, now)) {
    return decision([text(config.businessHours.outOfHoursReply)], [], { ...st, outOfHoursNotified: true }, 'out_of_hours');
  }

  // 3. The answer to a pending question (a question removed from the config since is dropped)
  const question = st.pendingQuestionId === undefined ? undefined : bot.questionsById.get(st.pendingQuestionId);
  if (question) {
    const answer = validateAnswer(question, input.text, input.interactiveId);
    if (answer.ok) {
      const actions: Action[] = [{ type: 'set_attribute', key: question.attributeKey, value: answer.value }];
      if (question.goal !== undefined) actions.push({ type: 'goal', name: question.goal });
      const replies: Reply[] = question.reply === undefined ? [] : [text(question.reply)];
      const next = question.nextQuestionId === undefined ? undefined : bot.questionsById.get(question.nextQuestionId);
      if (next) replies.push(questionReply(bot, next, next.prompt, caps));
      return decision(replies, actions, { ...st, misunderstood: 0, pendingQuestionId: next?.id }, 'answer_valid');
    }
    const misunderstood = st.misunderstood + 1;
    if (misunderstood >= config.maxMisunderstood) return giveUp(config, st, 'answer_invalid');
    return decision([questionReply(bot, question, question.retryPrompt, caps)], [], { ...st, misunderstood }, 'answer_invalid');
  }
  const open: BotState = { ...st, pendingQuestionId: undefined };

  // 4. Menu choice
  const option = matchMenu(
    bot,
    message,
    input.interactiveId,
    st.askedMenu === true,
    st.skillsetId === undefined || !matchFaq(bot, message),
  );
  if (option) {
    const picked: BotState = { ...open, misunderstood: 0, askedMenu: undefined, skillsetId: option.skillsetId };
    if (option.handoff) return handOff(config, picked, 'menu', 'menu');
    // "Talk to a human about sales" both picks the team and asks for a person: hand over to it (rule 5, team picked).
    // A tap is only a pick, whatever its title says.
    if (input.interactiveId === undefined && matchHandoff(bot, message)) return handOff(config, picked, 'phrase', 'handoff_phrase');
    return decision([text(option.reply ?? config.menu!.menuChoiceReply)], [], picked, 'menu');
  }

  // 5. Asking for a person
  if (matchHandoff(bot, message)) return handOff(config, open, 'phrase', 'handoff_phrase');

  // 6. FAQ
  const faq = matchFaq(bot, message);
  if (faq) {
    const entry = config.faq[faq.index]!;
    const actions: Action[] = entry.goal === undefined ? [] : [{ type: 'goal', name: entry.goal }];
    const replies: Reply[] = [text(entry.answer)];
    const ask = entry.askQuestionId === undefined ? undefined : bot.questionsById.get(entry.askQuestionId);
    if (ask) replies.push(questionReply(bot, ask, ask.prompt, caps));
    return decision(replies, actions, { ...open, misunderstood: 0, pendingQuestionId: ask?.id }, 'faq');
  }

  // 7. Greeting
  if (input.isNewConversation) {
    const replies: Reply[] = config.greeting === '' ? [] : [text(config.greeting)];
    const menu = menuReply(bot, caps);
    if (menu) replies.push(menu);
    return decision(replies, [], { ...open, misunderstood: 0, askedMenu: menu ? true : undefined }, 'greeting');
  }

  // 8. Not understood
  const misunderstood = open.misunderstood + 1;
  if (misunderstood >= config.maxMisunderstood) return giveUp(config, open, 'misunderstood');
  const replies: Reply[] = [text(config.misunderstoodReply)];
  const menu = menuReply(bot, caps);
  if (menu) replies.push(menu);
  return decision(replies, [], { ...open, misunderstood, askedMenu: menu ? true : open.askedMenu }, 'misunderstood');
}

/**
 * Ask one of the configured questions (a step of the caller's flow, or an agent's "ask for the email"): the
 * prompt, with a list question's options as buttons, a list or numbered text. The next message is read as its
 * answer by `decide`. Throws for an id that is not in the config: that is a bug in the caller, not a customer error.
 */
export function askQuestion(config: BotConfig, state: BotState, questionId: string, capabilities: ChannelCapabilities): Decision {
  const bot = compileBot(config);
  const question = bot.questionsById.get(questionId);
  if (!question) throw new RangeError(`no bot question with id "${questionId}"`);
  return decision(
    [questionReply(bot, question, question.prompt, capabilities)],
    [],
    { ...state, pendingQuestionId: question.id },
    'ask_question',
  );
}

/**
 * Whether a message is a STOP-style keyword of this personality, for the caller to honour an opt-out in any
 * conversation state (the bot itself only hears messages while the conversation is in state `bot`).
 */
export function isStopMessage(config: BotConfig, text: string): boolean {
  const bot = compileBot(config);
  return isStopKeyword(bot, bot.lexicon.analyze(text));
}

/** The menu as the channel can show it, or null when the personality has no menu. */
export function menuReply(bot: CompiledBot, capabilities: ChannelCapabilities): Reply | null {
  const menu = bot.config.menu;
  if (!menu) return null;
  const rows = menu.options.map((o) => ({ id: menuReplyId(o.id), title: o.label }));
  return renderChoices(menu.prompt, rows, capabilities, bot.config.listButton);
}

function questionReply(bot: CompiledBot, question: BotQuestion, prompt: string, capabilities: ChannelCapabilities): Reply {
  if (question.type !== 'list' || !question.options?.length) return text(prompt);
  const rows = question.options.map((o) => ({ id: questionReplyId(question.id, o), title: o }));
  return renderChoices(prompt, rows, capabilities, bot.config.listButton);
}

/** maxMisunderstood reached: a person takes over. */
function giveUp(config: BotConfig, state: BotState, rule: DecisionRule): Decision {
  return handOff(config, state, 'misunderstood', rule);
}

/**
 * The bot asks for a person: to the team picked from the menu in this conversation, else the general queue;
 * the contact gets one more unresolved query.
 */
function handOff(config: BotConfig, state: BotState, reason: HandoffReason, rule: DecisionRule): Decision {
  return decision(
    [text(config.handoffReply)],
    [{ type: 'handoff', skillsetId: state.skillsetId ?? null, reason }, { type: 'unresolved_query' }],
    { ...state, misunderstood: 0, pendingQuestionId: undefined, askedMenu: undefined },
    rule,
  );
}

const text = (t: string): Reply => ({ type: 'text', text: t });

// Stored state is only as good as the caller's storage: a missing or broken counter starts at 0.
const counter = (n: unknown): number => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0);

/** A decision whose state has no undefined keys, so it stores as the same JSON it compares equal to. */
function decision(replies: Reply[], actions: Action[], state: BotState, rule: DecisionRule): Decision {
  const clean: BotState = { misunderstood: state.misunderstood };
  if (state.pendingQuestionId !== undefined) clean.pendingQuestionId = state.pendingQuestionId;
  if (state.askedMenu) clean.askedMenu = true;
  if (state.outOfHoursNotified) clean.outOfHoursNotified = true;
  if (state.skillsetId !== undefined) clean.skillsetId = state.skillsetId;
  return { replies, actions, state: clean, rule };
}
