// The guard rules, which fire before any routing: STOP, business hours, a pending question.
import { describe, expect, it } from 'vitest';
import { askQuestion, decide, isStopMessage } from './decide';
import { MONDAY_MORNING, PLAIN, WHATSAPP, message, personality } from './test-fixtures';
import { initialBotState, type BotState, type Reply } from './types';

const now = MONDAY_MORNING;
const fresh: BotState = initialBotState;
const text = (t: string): Reply => ({ type: 'text', text: t });

/** Rome business hours, open Monday to Friday 09:00–18:00. */
const romeHours = {
  timezone: 'Europe/Rome',
  weekly: { mon: [{ from: '09:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }] },
  outOfHoursReply: 'We are closed, back at 9.',
};
/** Monday 2 March 2026 at 20:00 in Rome. */
const mondayNight = new Date('2026-03-02T19:00:00Z');

describe('decide: rule 1, STOP', () => {
  const config = personality();

  it.each(['STOP', 'stop', 'Stop.', ' unsubscribe! ', 'Basta', 'ALTO', 'stopp', 'Cancel'])(
    '"%s" opts out with the stop reply and nothing else',
    (t) => {
      const d = decide(config, fresh, message(t), now);
      expect(d.actions).toEqual([{ type: 'opt_out' }]);
      expect(d.replies).toEqual([text(config.stopReply)]);
      expect(d.rule).toBe('stop');
    },
  );

  it('only counts as the whole message: "cancel my order" and "please stop calling me" are not opt-outs', () => {
    for (const t of ['cancel my order', 'please stop calling me']) {
      expect(decide(config, fresh, message(t), now).actions).not.toContainEqual({ type: 'opt_out' });
    }
  });

  it('comes before everything: a pending question, the out-of-hours reply, a new conversation', () => {
    const closed = personality({ businessHours: romeHours });
    const pending = decide(closed, { misunderstood: 1, pendingQuestionId: 'email', askedMenu: true }, message('STOP'), mondayNight);
    expect(pending.rule).toBe('stop');
    expect(pending.state).toEqual({ misunderstood: 0 });
    expect(decide(closed, fresh, message('stop', { isNewConversation: true }), mondayNight).rule).toBe('stop');
  });

  it('isStopMessage tells the caller the same, for conversations the bot does not handle', () => {
    expect(isStopMessage(config, 'Stop!')).toBe(true);
    expect(isStopMessage(config, 'cancel my order')).toBe(false);
  });

  it('uses the configured keywords, compared without case or accents', () => {
    const config = personality({ stopKeywords: ['Désabonner'] });
    expect(decide(config, fresh, message('desabonner'), now).rule).toBe('stop');
    expect(decide(config, fresh, message('stop'), now).rule).not.toBe('stop');
  });
});

describe('decide: rule 2, out of business hours', () => {
  const config = personality({ businessHours: romeHours });

  it('answers with the out-of-hours reply only, once per conversation', () => {
    const first = decide(config, fresh, message('what does shipping cost?'), mondayNight);
    expect(first).toEqual({
      replies: [text('We are closed, back at 9.')],
      actions: [],
      state: { misunderstood: 0, outOfHoursNotified: true },
      rule: 'out_of_hours',
    });

    // Told once: the bot goes on helping with what it can (the FAQ answers at night).
    const second = decide(config, first.state, message('what does shipping cost?'), mondayNight);
    expect(second.rule).toBe('faq');
    expect(second.state.outOfHoursNotified).toBe(true);
  });

  it('is silent in business hours', () => {
    expect(decide(config, fresh, message('what does shipping cost?'), now).rule).toBe('faq');
  });

  it('applies to a new conversation too, instead of the greeting; a new conversation resets the flag', () => {
    const d = decide(config, { misunderstood: 0, outOfHoursNotified: true }, message('hello', { isNewConversation: true }), mondayNight);
    expect(d.rule).toBe('out_of_hours');
  });

  it('comes before a pending question, which stays pending', () => {
    const d = decide(config, { misunderstood: 0, pendingQuestionId: 'email' }, message('me@example.com'), mondayNight);
    expect(d.rule).toBe('out_of_hours');
    expect(d.state.pendingQuestionId).toBe('email');
    expect(decide(config, d.state, message('me@example.com'), mondayNight).rule).toBe('answer_valid');
  });

  it('is never sent without business hours configured', () => {
    expect(decide(personality(), fresh, message('shipping?'), mondayNight).rule).toBe('faq');
  });
});

describe('decide: rule 3, a pending question', () => {
  const config = personality();

  it('a valid answer sets the attribute, reaches the goal and clears the question, without a reply', () => {
    const d = decide(config, { misunderstood: 1, pendingQuestionId: 'email' }, message(' Me@Example.COM '), now);
    expect(d.replies).toEqual([]);
    expect(d.actions).toEqual([
      { type: 'set_attribute', key: 'email', value: 'Me@example.com' },
      { type: 'goal', name: 'lead' },
    ]);
    expect(d.state).toEqual({ misunderstood: 0 });
  });

  it('an invalid answer gets the retry prompt and stays pending', () => {
    const d = decide(config, { misunderstood: 0, pendingQuestionId: 'email' }, message('not telling you'), now);
    expect(d.replies).toEqual([text('That is not an email address.')]);
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ misunderstood: 1, pendingQuestionId: 'email' });
    expect(d.rule).toBe('answer_invalid');
  });

  it('invalid answers count as misunderstood: at maxMisunderstood a person takes over', () => {
    const first = decide(config, { misunderstood: 0, pendingQuestionId: 'email' }, message('no'), now);
    const second = decide(config, first.state, message('still no'), now);
    expect(second.actions).toEqual([{ type: 'handoff', skillsetId: null, reason: 'misunderstood' }, { type: 'unresolved_query' }]);
    expect(second.replies).toEqual([text(config.handoffReply)]);
    expect(second.state).toEqual({ misunderstood: 0 });
  });

  it('comes before the menu: "1" answers a list question, not the menu', () => {
    const d = decide(config, { misunderstood: 0, pendingQuestionId: 'size', askedMenu: true }, message('1'), now);
    expect(d.actions).toEqual([{ type: 'set_attribute', key: 'size', value: 'Small' }]);
  });

  it('a list answer can be the tapped option, its number or its label with a typo', () => {
    const pending: BotState = { misunderstood: 0, pendingQuestionId: 'size' };
    expect(decide(config, pending, message('Medium', { interactiveId: 'q:size:Medium' }), now).actions).toEqual([
      { type: 'set_attribute', key: 'size', value: 'Medium' },
    ]);
    expect(decide(config, pending, message('3'), now).actions).toEqual([{ type: 'set_attribute', key: 'size', value: 'Large' }]);
    expect(decide(config, pending, message('medum'), now).actions).toEqual([{ type: 'set_attribute', key: 'size', value: 'Medium' }]);
    expect(decide(config, pending, message('extra large please'), now).rule).toBe('answer_invalid');
  });

  it('the retry of a list question shows the options again', () => {
    const d = decide(config, { misunderstood: 0, pendingQuestionId: 'size' }, message('purple'), now);
    expect(d.replies[0]).toMatchObject({ type: 'buttons', text: config.questions[1]!.retryPrompt });
  });

  it('a question removed from the config since is dropped and the message goes through the other rules', () => {
    const d = decide(config, { misunderstood: 0, pendingQuestionId: 'gone' }, message('what does shipping cost'), now);
    expect(d.rule).toBe('faq');
    expect(d.state.pendingQuestionId).toBeUndefined();
  });

  it('a valid answer sends the question’s reply, then asks the next question, which becomes pending', () => {
    const form = personality({
      questions: [{ ...config.questions[0]!, reply: 'Thanks!', nextQuestionId: 'size' }, ...config.questions.slice(1)],
    });
    const d = decide(form, { misunderstood: 0, pendingQuestionId: 'email' }, message('me@example.com'), now);
    expect(d.replies).toEqual([
      text('Thanks!'),
      { type: 'buttons', text: 'Which size?', buttons: ['Small', 'Medium', 'Large'].map((o) => ({ id: `q:size:${o}`, title: o })) },
    ]);
    expect(d.actions[0]).toEqual({ type: 'set_attribute', key: 'email', value: 'me@example.com' });
    expect(d.state).toEqual({ misunderstood: 0, pendingQuestionId: 'size' });
    expect(decide(form, d.state, message('2'), now).actions).toEqual([{ type: 'set_attribute', key: 'size', value: 'Medium' }]);
  });

  it('a number question stores a number', () => {
    const d = decide(config, { misunderstood: 0, pendingQuestionId: 'age' }, message('41,5'), now);
    expect(d.actions).toEqual([{ type: 'set_attribute', key: 'age', value: 41.5 }]);
  });
});

describe('askQuestion', () => {
  const config = personality();

  it('sends the prompt and makes the question pending', () => {
    const d = askQuestion(config, fresh, 'email', WHATSAPP);
    expect(d.replies).toEqual([text('What is your email address?')]);
    expect(d.state).toEqual({ misunderstood: 0, pendingQuestionId: 'email' });
    expect(d.rule).toBe('ask_question');
  });

  it('renders a list question for the channel: buttons, a list, numbered text', () => {
    expect(askQuestion(config, fresh, 'size', WHATSAPP).replies[0]).toEqual({
      type: 'buttons',
      text: 'Which size?',
      buttons: [
        { id: 'q:size:Small', title: 'Small' },
        { id: 'q:size:Medium', title: 'Medium' },
        { id: 'q:size:Large', title: 'Large' },
      ],
    });
    expect(askQuestion(config, fresh, 'colour', WHATSAPP).replies[0]).toMatchObject({ type: 'list', button: 'Options' });
    expect(askQuestion(config, fresh, 'size', PLAIN).replies[0]).toEqual(text('Which size?\n\n1. Small\n2. Medium\n3. Large'));
  });

  it('throws for an unknown question id (a bug in the caller)', () => {
    expect(() => askQuestion(config, fresh, 'nope', WHATSAPP)).toThrow(RangeError);
  });
});
