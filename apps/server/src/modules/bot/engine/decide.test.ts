import { describe, expect, it } from 'vitest';
import { botConfigSchema } from './config';
import { askQuestion, decide, isStopMessage } from './decide';
import { MONDAY_MORNING, PLAIN, SALES, SUPPORT, WHATSAPP, message, personality } from './test-fixtures';
import { botStateSchema, initialBotState, type BotState, type Reply } from './types';

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

describe('decide: rule 4, menu choice', () => {
  const config = personality();
  const toSales = [{ type: 'handoff', skillsetId: SALES, reason: 'menu' }];

  it('a tapped button hands over to the option’s skillset with the handoff reply', () => {
    const d = decide(config, { misunderstood: 1, askedMenu: true }, message('Sales', { interactiveId: 'menu:sales' }), now);
    expect(d.actions).toEqual(toSales);
    expect(d.replies).toEqual([text(config.handoffReply)]);
    expect(d.state).toEqual({ misunderstood: 0 });
  });

  it('the option’s number counts only after the menu was shown', () => {
    expect(decide(config, { misunderstood: 0, askedMenu: true }, message('2'), now).actions).toEqual([
      { type: 'handoff', skillsetId: SUPPORT, reason: 'menu' },
    ]);
    expect(decide(config, { misunderstood: 0, askedMenu: true }, message('2.'), now).actions).toEqual([
      { type: 'handoff', skillsetId: SUPPORT, reason: 'menu' },
    ]);
    expect(decide(config, { misunderstood: 0 }, message('2'), now).rule).toBe('misunderstood');
    expect(decide(config, { misunderstood: 0, askedMenu: true }, message('7'), now).rule).toBe('misunderstood');
  });

  it('the label, in a sentence or with a typo, picks the option', () => {
    expect(decide(config, fresh, message('sales please'), now).actions).toEqual(toSales);
    expect(decide(config, fresh, message('SUPPORT'), now).actions).toEqual([{ type: 'handoff', skillsetId: SUPPORT, reason: 'menu' }]);
    expect(decide(config, fresh, message('suport'), now).actions).toEqual([{ type: 'handoff', skillsetId: SUPPORT, reason: 'menu' }]);
  });

  it('the option’s keywords pick it', () => {
    expect(decide(config, fresh, message('I would like to buy 3 chairs'), now).actions).toEqual(toSales);
    expect(decide(config, fresh, message('my chair is not working'), now).actions).toEqual([
      { type: 'handoff', skillsetId: SUPPORT, reason: 'menu' },
    ]);
  });

  it('comes before a handoff phrase and the FAQ', () => {
    expect(decide(config, fresh, message('talk to a human about sales'), now).actions).toEqual(toSales);
    expect(decide(config, fresh, message('a quote for shipping'), now).actions).toEqual(toSales);
  });

  it('an id from an old menu is ignored and the text is used instead', () => {
    expect(decide(config, fresh, message('what does shipping cost', { interactiveId: 'menu:removed' }), now).rule).toBe('faq');
  });
});

describe('decide: rule 5, asking for a person', () => {
  const config = personality();

  it.each(['i want to talk to a human', 'Can I speak with someone?', 'real person please', 'OPERATOR', 'talk to a persn'])(
    '"%s" hands over to the general queue',
    (t) => {
      const d = decide(config, { misunderstood: 1, askedMenu: true }, message(t), now);
      expect(d.actions).toEqual([{ type: 'handoff', skillsetId: null, reason: 'phrase' }]);
      expect(d.replies).toEqual([text(config.handoffReply)]);
      expect(d.state).toEqual({ misunderstood: 0 });
    },
  );

  it('small talk is not a request for a person', () => {
    for (const t of ['talk to you later', 'thanks a lot', 'I need help with my invoice']) {
      expect(decide(config, fresh, message(t), now).rule).not.toBe('handoff_phrase');
    }
  });

  it('comes before the FAQ', () => {
    expect(decide(config, fresh, message('talk to a human about shipping costs'), now).rule).toBe('handoff_phrase');
  });

  it('uses the configured phrases only', () => {
    const config = personality({ handoffPhrases: ['parlare con un operatore'] });
    expect(decide(config, fresh, message('vorrei parlare con un operatore'), now).rule).toBe('handoff_phrase');
    expect(decide(config, fresh, message('talk to a human'), now).rule).not.toBe('handoff_phrase');
  });
});

describe('decide: rule 6, FAQ', () => {
  const config = personality();

  it('answers a paraphrase with a typo', () => {
    const d = decide(config, { misunderstood: 1 }, message('opening hourz?'), now);
    expect(d.replies).toEqual([text('We are open Monday to Friday, 9:00–18:00.')]);
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ misunderstood: 0 });
    expect(d.rule).toBe('faq');
  });

  it('answers by keyword and reaches the entry’s goal', () => {
    const d = decide(config, fresh, message('how much is shipping'), now);
    expect(d.replies).toEqual([text('Shipping is free above €50, otherwise €4.90.')]);
    expect(d.actions).toEqual([{ type: 'goal', name: 'shipping_info' }]);
  });

  it('finds keywords with a typo or an ending: "shiping", "refunds"', () => {
    expect(decide(config, fresh, message('shiping to Spain?'), now).replies).toEqual([
      text('Shipping is free above €50, otherwise €4.90.'),
    ]);
    expect(decide(config, fresh, message('I want my refunds'), now).replies).toEqual([text('You can return any item within 30 days.')]);
  });

  it('answers the FAQ’s own question and its phrases', () => {
    expect(decide(config, fresh, message('How do I return an item?'), now).replies).toEqual([
      text('You can return any item within 30 days.'),
    ]);
    expect(decide(config, fresh, message('when are you open on friday'), now).replies).toEqual([
      text('We are open Monday to Friday, 9:00–18:00.'),
    ]);
  });

  it('does not answer unrelated text', () => {
    for (const t of ['the weather is nice today', 'what are your prices', 'hello']) {
      expect(decide(config, fresh, message(t), now).rule).toBe('misunderstood');
    }
  });

  it('prefers the entry that matches best', () => {
    const config = personality({
      menu: null,
      faq: [
        { id: 'a', question: 'Delivery times', keywords: ['delivery'], answer: 'A' },
        { id: 'b', question: 'Delivery to Italy', keywords: ['delivery', 'italy'], answer: 'B' },
        { id: 'c', question: 'Delivery', keywords: ['delivery'], answer: 'C' },
      ],
    });
    expect(decide(config, fresh, message('delivery to italy?'), now).replies).toEqual([text('B')]);
    expect(decide(config, fresh, message('delivery'), now).replies).toEqual([text('C')]); // the question itself is a phrase
  });

  it('on a tie, the earlier entry answers', () => {
    const config = personality({
      menu: null,
      faq: [
        { id: 'a', question: 'When will it arrive?', keywords: ['courier'], answer: 'A' },
        { id: 'b', question: 'Which company do you use?', keywords: ['courier'], answer: 'B' },
      ],
    });
    expect(decide(config, fresh, message('courier'), now).replies).toEqual([text('A')]);
  });
});

describe('decide: rule 7, a new conversation', () => {
  it('gets the greeting and the menu, and remembers the menu was shown', () => {
    const d = decide(personality(), fresh, message('hello', { isNewConversation: true }), now);
    expect(d.replies).toEqual([
      text('Hi! Welcome to Acme.'),
      {
        type: 'buttons',
        text: 'How can we help?',
        buttons: [
          { id: 'menu:sales', title: 'Sales' },
          { id: 'menu:support', title: 'Support' },
        ],
      },
    ]);
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ misunderstood: 0, askedMenu: true });
    expect(d.rule).toBe('greeting');
  });

  it('without a menu, gets the greeting alone; with an empty greeting, the menu alone', () => {
    expect(decide(personality({ menu: null }), fresh, message('hi', { isNewConversation: true }), now).replies).toEqual([
      text('Hi! Welcome to Acme.'),
    ]);
    expect(
      decide(personality({ greeting: '' }), fresh, message('hi', { isNewConversation: true }), now).replies.map((r) => r.type),
    ).toEqual(['buttons']);
  });

  it('a first message the bot understands is answered instead (FAQ, menu, handoff come first)', () => {
    expect(decide(personality(), fresh, message('what does shipping cost?', { isNewConversation: true }), now).rule).toBe('faq');
    expect(decide(personality(), fresh, message('sales', { isNewConversation: true }), now).rule).toBe('menu');
  });

  it('starts from a fresh state whatever the caller passed', () => {
    const d = decide(
      personality(),
      { misunderstood: 1, pendingQuestionId: 'email', outOfHoursNotified: true },
      message('hi', { isNewConversation: true }),
      now,
    );
    expect(d.state).toEqual({ misunderstood: 0, askedMenu: true });
  });
});

describe('decide: rule 8, not understood', () => {
  const config = personality();

  it('counts it and replies with the misunderstood reply and the menu again', () => {
    const d = decide(config, fresh, message('blah blah'), now);
    expect(d.replies).toEqual([text(config.misunderstoodReply), expect.objectContaining({ type: 'buttons' })]);
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ misunderstood: 1, askedMenu: true });
  });

  it('at maxMisunderstood hands over, counts an unresolved query and resets the counter', () => {
    const first = decide(config, fresh, message('blah'), now);
    const second = decide(config, first.state, message('blah blah'), now);
    expect(second).toEqual({
      replies: [text(config.handoffReply)],
      actions: [{ type: 'handoff', skillsetId: null, reason: 'misunderstood' }, { type: 'unresolved_query' }],
      state: { misunderstood: 0 },
      rule: 'misunderstood',
    });
    // Counting starts again after the handoff.
    expect(decide(config, second.state, message('blah'), now).state.misunderstood).toBe(1);
  });

  it('counts misunderstandings in a row: an understood message resets the counter', () => {
    const config = personality({ maxMisunderstood: 3 });
    let state = decide(config, fresh, message('blah'), now).state;
    state = decide(config, state, message('blah'), now).state;
    expect(state.misunderstood).toBe(2);
    state = decide(config, state, message('shipping?'), now).state;
    expect(state.misunderstood).toBe(0);
    state = decide(config, state, message('blah'), now).state;
    state = decide(config, state, message('blah'), now).state;
    const third = decide(config, state, message('blah'), now);
    expect(third.actions).toContainEqual({ type: 'unresolved_query' });
  });

  it('with maxMisunderstood 1, the first misunderstanding hands over', () => {
    const d = decide(personality({ maxMisunderstood: 1 }), fresh, message('???'), now);
    expect(d.actions).toEqual([{ type: 'handoff', skillsetId: null, reason: 'misunderstood' }, { type: 'unresolved_query' }]);
  });

  it('without a menu, replies with the misunderstood reply alone', () => {
    const d = decide(personality({ menu: null }), fresh, message('blah'), now);
    expect(d.replies).toEqual([text("Sorry, I didn't understand that.")]);
    expect(d.state).toEqual({ misunderstood: 1 });
  });

  it('media without a caption ("") is not understood either', () => {
    expect(decide(config, fresh, message(''), now).rule).toBe('misunderstood');
  });
});

describe('decide: menu rendering by channel', () => {
  const options = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, label: `Option ${i + 1}`, skillsetId: [SALES, SUPPORT][i % 2]! }));
  const greet = (n: number, channelCapabilities = WHATSAPP) =>
    decide(
      personality({ menu: { prompt: 'Pick one', options: options(n) } }),
      fresh,
      message('hi', { isNewConversation: true, channelCapabilities }),
      now,
    ).replies[1];

  it('≤ 3 options and buttons → buttons', () => {
    expect(greet(3)).toMatchObject({ type: 'buttons', text: 'Pick one', buttons: [{ id: 'menu:o1', title: 'Option 1' }, {}, {}] });
    expect(greet(1, { buttons: true, lists: false })).toMatchObject({ type: 'buttons' });
  });

  it('> 3 options and lists → a list with the list button label', () => {
    const reply = greet(4);
    expect(reply).toEqual({
      type: 'list',
      text: 'Pick one',
      button: 'Options',
      sections: [{ rows: options(4).map((o) => ({ id: `menu:${o.id}`, title: o.label })) }],
    });
    expect(greet(10)).toMatchObject({ type: 'list' });
  });

  it('≤ 3 options on a channel with lists but no buttons → a list', () => {
    expect(greet(2, { buttons: false, lists: true })).toMatchObject({ type: 'list' });
  });

  it('> 3 options with buttons only, or no interactive messages → numbered text', () => {
    expect(greet(4, { buttons: true, lists: false })).toEqual(text('Pick one\n\n1. Option 1\n2. Option 2\n3. Option 3\n4. Option 4'));
    expect(greet(2, PLAIN)).toEqual(text('Pick one\n\n1. Option 1\n2. Option 2'));
  });

  it('numbered text is answered by typing the number', () => {
    const config = personality({ menu: { prompt: 'Pick one', options: options(4) } });
    const shown = decide(config, fresh, message('hi', { isNewConversation: true, channelCapabilities: PLAIN }), now);
    expect(decide(config, shown.state, message('4', { channelCapabilities: PLAIN }), now).actions).toEqual([
      { type: 'handoff', skillsetId: SUPPORT, reason: 'menu' },
    ]);
  });
});

describe('decide: the whole', () => {
  it('does nothing when the bot is disabled', () => {
    expect(decide(personality({ enabled: false }), fresh, message('STOP'), now)).toEqual({
      replies: [],
      actions: [],
      state: fresh,
      rule: 'disabled',
    });
  });

  it('is deterministic and leaves its inputs alone', () => {
    const config = personality();
    const state: BotState = { misunderstood: 1, askedMenu: true };
    const input = message('how much is shipping');
    const frozen = JSON.stringify({ config, state, input });
    expect(decide(config, state, input, now)).toEqual(decide(config, state, input, now));
    expect(decide(structuredClone(config), state, input, now)).toEqual(decide(config, state, input, now));
    expect(JSON.stringify({ config, state, input })).toBe(frozen);
  });

  it('keeps a state that survives JSON and the state schema', () => {
    const config = personality();
    let state: BotState = fresh;
    for (const t of ['hi', 'blah', 'shipping?']) {
      const d = decide(config, state, message(t, { isNewConversation: t === 'hi' }), now);
      state = botStateSchema.parse(JSON.parse(JSON.stringify(d.state)));
      expect(state).toEqual(d.state);
    }
    expect(botStateSchema.parse({})).toEqual({ misunderstood: 0 });
  });

  it('treats a broken stored counter as 0', () => {
    const d = decide(personality(), { misunderstood: -3 } as BotState, message('blah'), now);
    expect(d.state.misunderstood).toBe(1);
  });

  it('works with the default personality', () => {
    const config = botConfigSchema.parse({});
    expect(decide(config, fresh, message('hi', { isNewConversation: true }), now).replies).toEqual([text(config.greeting)]);
    expect(decide(config, fresh, message('i want to talk to a human'), now).rule).toBe('handoff_phrase');
    expect(decide(config, fresh, message('STOP'), now).rule).toBe('stop');
  });
});
