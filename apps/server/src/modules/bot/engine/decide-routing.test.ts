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
  const pickedSales = { misunderstood: 0, skillsetId: SALES };
  const pickedSupport = { misunderstood: 0, skillsetId: SUPPORT };
  const pick = (state: BotState, t: string, extra = {}) => decide(config, state, message(t, extra), now);

  it('a tapped button picks the option: its team is remembered, the menu choice reply is sent, nothing is handed over', () => {
    const d = pick({ misunderstood: 1, askedMenu: true }, 'Sales', { interactiveId: 'menu:sales' });
    expect(d.rule).toBe('menu');
    expect(d.actions).toEqual([]);
    expect(d.replies).toEqual([text(config.menu!.menuChoiceReply)]);
    expect(d.state).toEqual(pickedSales);
  });

  it('an option’s own reply replaces the menu choice reply', () => {
    const base = personality();
    const config = personality({
      menu: { ...base.menu!, options: [{ ...base.menu!.options[0]!, reply: 'Our sales team can help. What are you looking for?' }] },
    });
    const d = decide(config, fresh, message('sales'), now);
    expect(d.replies).toEqual([text('Our sales team can help. What are you looking for?')]);
    expect(d.state).toEqual(pickedSales);
  });

  it('an option with handoff on hands over to its team at once, with the handoff reply and an unresolved query', () => {
    const base = personality();
    const config = personality({
      menu: { ...base.menu!, options: base.menu!.options.map((o) => ({ ...o, handoff: o.id === 'support' })) },
    });
    const d = decide(config, { misunderstood: 1, askedMenu: true }, message('Support', { interactiveId: 'menu:support' }), now);
    expect(d.rule).toBe('menu');
    expect(d.actions).toEqual([{ type: 'handoff', skillsetId: SUPPORT, reason: 'menu' }, { type: 'unresolved_query' }]);
    expect(d.replies).toEqual([text(config.handoffReply)]);
    expect(d.state).toEqual(pickedSupport);
    // The other option still only picks.
    expect(decide(config, fresh, message('sales'), now).actions).toEqual([]);
  });

  it('the option’s number counts only after the menu was shown', () => {
    expect(pick({ misunderstood: 0, askedMenu: true }, '2').state).toEqual(pickedSupport);
    expect(pick({ misunderstood: 0, askedMenu: true }, '2.').state).toEqual(pickedSupport);
    expect(pick({ misunderstood: 0 }, '2').rule).toBe('misunderstood');
    expect(pick({ misunderstood: 0, askedMenu: true }, '7').rule).toBe('misunderstood');
  });

  it('the label, in a sentence or with a typo, picks the option', () => {
    expect(pick(fresh, 'sales please').state).toEqual(pickedSales);
    expect(pick(fresh, 'SUPPORT').state).toEqual(pickedSupport);
    expect(pick(fresh, 'suport').state).toEqual(pickedSupport);
  });

  it('the option’s keywords pick it', () => {
    expect(pick(fresh, 'I would like to buy 3 chairs').state).toEqual(pickedSales);
    expect(pick(fresh, 'my chair is not working').state).toEqual(pickedSupport);
  });

  it('comes before the FAQ', () => {
    expect(pick(fresh, 'a quote for shipping')).toMatchObject({ rule: 'menu', actions: [], state: pickedSales });
  });

  it('after a pick, a question the FAQ answers is answered even if it shares words with an option', () => {
    expect(pick(fresh, 'a quote for shipping').rule).toBe('menu');
    expect(pick(pickedSupport, 'a quote for shipping')).toMatchObject({ rule: 'faq', state: pickedSupport });
  });

  it('a typed pick that also asks for a person hands over to the picked team; a tap is only a pick', () => {
    expect(pick(fresh, 'talk to a human about sales')).toMatchObject({
      rule: 'handoff_phrase',
      actions: [{ type: 'handoff', skillsetId: SALES, reason: 'phrase' }, { type: 'unresolved_query' }],
      replies: [text(config.handoffReply)],
      state: pickedSales,
    });
    const persons = personality({
      menu: { prompt: 'p', options: [{ id: 'agent', label: 'Talk to a person', skillsetId: SUPPORT }] },
    });
    expect(decide(persons, fresh, message('Talk to a person', { interactiveId: 'menu:agent' }), now)).toMatchObject({
      rule: 'menu',
      actions: [],
      state: pickedSupport,
    });
  });

  it('a later pick changes the team; a bare number after a pick is no longer a choice', () => {
    expect(pick(pickedSales, 'support').state).toEqual(pickedSupport);
    expect(pick(pickedSales, '2').rule).toBe('misunderstood');
  });

  it('an id from an old menu is ignored and the text is used instead', () => {
    expect(pick(fresh, 'what does shipping cost', { interactiveId: 'menu:removed' }).rule).toBe('faq');
  });
});

describe('decide: after a pick, the bot carries on and a handoff goes to the picked team', () => {
  const config = personality();
  const picked = decide(config, { misunderstood: 0, askedMenu: true }, message('1'), now).state;

  it('the FAQ answers and the team stays remembered', () => {
    const d = decide(config, picked, message('how much is shipping'), now);
    expect(d.rule).toBe('faq');
    expect(d.replies).toEqual([text('Shipping is free above €50, otherwise €4.90.')]);
    expect(d.state).toEqual({ misunderstood: 0, skillsetId: SALES });
  });

  it('a handoff phrase hands over to the picked team with an unresolved query', () => {
    const d = decide(config, picked, message('I want to talk to a human'), now);
    expect(d.rule).toBe('handoff_phrase');
    expect(d.actions).toEqual([{ type: 'handoff', skillsetId: SALES, reason: 'phrase' }, { type: 'unresolved_query' }]);
    expect(d.replies).toEqual([text(config.handoffReply)]);
    expect(d.state).toEqual({ misunderstood: 0, skillsetId: SALES });
  });

  it('too many misunderstood messages hand over to the picked team', () => {
    const first = decide(config, picked, message('blah'), now);
    expect(first.state).toEqual({ misunderstood: 1, askedMenu: true, skillsetId: SALES });
    expect(decide(config, first.state, message('blah blah'), now).actions).toEqual([
      { type: 'handoff', skillsetId: SALES, reason: 'misunderstood' },
      { type: 'unresolved_query' },
    ]);
  });

  it('a customer who cannot answer a question is handed over to the picked team', () => {
    const d = decide(config, { ...picked, misunderstood: 1, pendingQuestionId: 'email' }, message('nope'), now);
    expect(d.rule).toBe('answer_invalid');
    expect(d.actions).toEqual([{ type: 'handoff', skillsetId: SALES, reason: 'misunderstood' }, { type: 'unresolved_query' }]);
  });

  it('STOP keeps the team; a new conversation forgets it', () => {
    expect(decide(config, picked, message('STOP'), now).state).toEqual({ misunderstood: 0, skillsetId: SALES });
    expect(decide(config, picked, message('hi', { isNewConversation: true }), now).state).toEqual({ misunderstood: 0, askedMenu: true });
  });
});

describe('decide: rule 5, asking for a person', () => {
  const config = personality();

  it.each(['i want to talk to a human', 'Can I speak with someone?', 'real person please', 'OPERATOR', 'talk to a persn'])(
    '"%s", with no option picked, hands over to the general queue with an unresolved query',
    (t) => {
      const d = decide(config, { misunderstood: 1, askedMenu: true }, message(t), now);
      expect(d.actions).toEqual([{ type: 'handoff', skillsetId: null, reason: 'phrase' }, { type: 'unresolved_query' }]);
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

  it('asks the entry’s question after the answer; the next message is read as its answer', () => {
    const base = personality();
    const quoting = personality({
      faq: [
        ...base.faq,
        { id: 'estimate', question: 'Can I get an estimate?', keywords: ['estimate'], answer: 'Sure!', askQuestionId: 'email' },
      ],
    });
    const d = decide(quoting, fresh, message('could I get an estimate'), now);
    expect(d.rule).toBe('faq');
    expect(d.replies).toEqual([
      { type: 'text', text: 'Sure!' },
      { type: 'text', text: 'What is your email address?' },
    ]);
    expect(d.state).toEqual({ misunderstood: 0, pendingQuestionId: 'email' });
    expect(decide(quoting, d.state, message('nope'), now).rule).toBe('answer_invalid');
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
    expect(decide(config, shown.state, message('4', { channelCapabilities: PLAIN }), now)).toMatchObject({
      rule: 'menu',
      actions: [],
      state: { misunderstood: 0, skillsetId: SUPPORT },
    });
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
