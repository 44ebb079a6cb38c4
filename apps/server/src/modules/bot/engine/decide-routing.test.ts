// The routing rules: menu choice, asking for a person, FAQ, a new conversation, not understood; and menus by channel.
import { describe, expect, it } from 'vitest';
import { botConfigSchema } from './config';
import { decide } from './decide';
import { MONDAY_MORNING, PLAIN, SALES, SUPPORT, WHATSAPP, message, personality } from './test-fixtures';
import { botStateSchema, initialBotState, type BotState, type Reply } from './types';

const now = MONDAY_MORNING;
const fresh: BotState = initialBotState;
const text = (t: string): Reply => ({ type: 'text', text: t });

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
