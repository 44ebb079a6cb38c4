// The built-in bot's decision engine on its own: no server, no database, one core (the engine is synchronous, so
// this process's main thread is the one core). A personality with a 200-entry FAQ of realistic, overlapping
// questions (20 topics × 10 products, 3 phrases and a keyword each), a menu, questions and business hours, and a
// stream of customer messages: FAQ paraphrases with typos, small talk the bot does not understand, requests for a
// person, menu choices, answers to a pending question, STOP, the first message of a conversation, and a few
// pasted walls of text. Goals: ≥ 5,000 decisions per second and a p95 of ≤ 5 ms for one decision.
import {
  botConfigSchema,
  compileBot,
  decide,
  type BotConfig,
  type BotInput,
  type BotState,
  type Decision,
} from '../apps/server/src/modules/bot/engine/index';
import { intOptions, isMain } from './lib/cli';
import { appendResult, machineInfo, printHeader, printTable, summarize, type Figure } from './lib/report';

export const botDefaults = { faq: 200, decisions: 200_000, samples: 50_000 };
export type BotOptions = typeof botDefaults;

const GOAL_PER_SECOND = 5_000;
const GOAL_P95_MS = 5;
const warmupDecisions = 20_000;
const compileRuns = 20;

const products = [
  'sofa',
  'mattress',
  'desk chair',
  'bookshelf',
  'dining table',
  'wardrobe',
  'bed frame',
  'armchair',
  'coffee table',
  'floor lamp',
];

// Each topic: the question, three ways customers put it, and a keyword; {p} is the product.
const topics: { q: string; phrases: string[]; keyword: string }[] = [
  { q: 'How much does the {p} cost?', phrases: ['price of the {p}', 'what is the {p} price', '{p} how much'], keyword: '{p} price' },
  {
    q: 'What are the dimensions of the {p}?',
    phrases: ['how big is the {p}', '{p} size', 'measurements of the {p}'],
    keyword: '{p} dimensions',
  },
  {
    q: 'What is the {p} made of?',
    phrases: ['{p} materials', 'which wood is the {p}', 'what fabric does the {p} use'],
    keyword: '{p} material',
  },
  {
    q: 'Which colours does the {p} come in?',
    phrases: ['{p} colours', 'is the {p} available in black', 'other colors for the {p}'],
    keyword: '{p} colour',
  },
  {
    q: 'How do I assemble the {p}?',
    phrases: ['{p} assembly instructions', 'assembling the {p}', 'need help putting the {p} together'],
    keyword: '{p} assembly',
  },
  {
    q: 'What warranty does the {p} have?',
    phrases: ['{p} warranty', 'how long is the {p} guaranteed', 'guarantee on the {p}'],
    keyword: '{p} warranty',
  },
  {
    q: 'How long does delivery of the {p} take?',
    phrases: ['when will my {p} arrive', '{p} delivery time', 'how fast can you deliver the {p}'],
    keyword: '{p} delivery',
  },
  {
    q: 'How much is shipping for the {p}?',
    phrases: ['{p} shipping cost', 'delivery price for the {p}', 'is shipping the {p} free'],
    keyword: '{p} shipping',
  },
  { q: 'Can I return the {p}?', phrases: ['return the {p}', '{p} refund', 'send back the {p}'], keyword: '{p} return' },
  { q: 'How do I clean the {p}?', phrases: ['{p} care instructions', 'cleaning the {p}', 'how to wash the {p}'], keyword: '{p} cleaning' },
  {
    q: 'Is the {p} in stock?',
    phrases: ['{p} availability', 'do you have the {p} in stock', 'when is the {p} back in stock'],
    keyword: '{p} stock',
  },
  {
    q: 'Do you sell spare parts for the {p}?',
    phrases: ['{p} spare parts', 'replacement parts for the {p}', 'missing screws for the {p}'],
    keyword: '{p} parts',
  },
  { q: 'Is there a discount on the {p}?', phrases: ['{p} discount', 'any coupon for the {p}', '{p} on sale'], keyword: '{p} discount' },
  {
    q: 'Can I pay the {p} in instalments?',
    phrases: ['{p} instalments', 'pay the {p} monthly', 'financing for the {p}'],
    keyword: '{p} instalments',
  },
  {
    q: 'Where can I see the {p} in person?',
    phrases: ['{p} in the showroom', 'which store has the {p}', 'try the {p} in a shop'],
    keyword: '{p} showroom',
  },
  { q: 'How heavy is the {p}?', phrases: ['{p} weight', 'what does the {p} weigh', 'how many kilos is the {p}'], keyword: '{p} weight' },
  {
    q: 'Can I order the {p} in a custom size?',
    phrases: ['custom {p}', '{p} made to measure', 'bespoke {p} dimensions'],
    keyword: '{p} custom',
  },
  {
    q: 'Is the {p} eco certified?',
    phrases: ['{p} sustainability', 'is the {p} eco friendly', '{p} certification fsc'],
    keyword: '{p} eco',
  },
  {
    q: 'Can you gift wrap the {p}?',
    phrases: ['{p} gift wrapping', 'send the {p} as a present', 'gift card with the {p}'],
    keyword: '{p} gift',
  },
  {
    q: 'Do you take away my old {p}?',
    phrases: ['old {p} removal', 'dispose of my old {p}', 'recycle the old {p}'],
    keyword: '{p} removal',
  },
];

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function benchPersonality(entries: number): BotConfig {
  const faq = Array.from({ length: entries }, (_, i) => {
    const topic = topics[i % topics.length]!;
    const product = products[Math.floor(i / topics.length) % products.length]!;
    const fill = (s: string) => s.replaceAll('{p}', product);
    return {
      id: `faq-${i}`,
      question: fill(topic.q),
      phrases: topic.phrases.map(fill),
      keywords: [fill(topic.keyword)],
      answer: `${fill(topic.q)} Here is everything you need to know (entry ${i}).`,
      goal: i % 10 === 0 ? 'faq_answered' : undefined,
    };
  });
  return botConfigSchema.parse({
    greeting: 'Hi! Welcome to Casa Mobili.',
    menu: {
      prompt: 'How can we help?',
      options: [
        { id: 'sales', label: 'Buy furniture', skillsetId: uuid(1), keywords: ['quote', 'order'] },
        { id: 'support', label: 'Support', skillsetId: uuid(2), keywords: ['broken', 'damaged'] },
        { id: 'b2b', label: 'Business sales', skillsetId: uuid(3), keywords: ['invoice', 'vat'] },
        { id: 'press', label: 'Press', skillsetId: uuid(4) },
      ],
    },
    faq,
    questions: [{ id: 'email', attributeKey: 'email', prompt: 'What is your email?', type: 'email', goal: 'lead' }],
    goals: ['faq_answered', 'lead'],
    businessHours: { timezone: 'Europe/Rome', closedDates: ['2026-12-25', '2026-12-26'] },
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same messages. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One typo in a random long word: two neighbouring letters swapped. */
function typo(text: string, rnd: () => number): string {
  const words = text.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 5);
  if (long.length === 0) return text;
  const [w, i] = long[Math.floor(rnd() * long.length)]!;
  const at = 1 + Math.floor(rnd() * (w.length - 3));
  words[i] = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  return words.join(' ');
}

type Kind = 'faq' | 'small talk' | 'handoff' | 'menu' | 'answer' | 'stop' | 'greeting' | 'long text';
interface Case {
  kind: Kind;
  state: BotState;
  input: BotInput;
}

export function benchMessages(config: BotConfig, count: number): Case[] {
  const rnd = prng(42);
  const caps = { buttons: true, lists: true };
  const chatter = [
    'ok thanks',
    'hello?',
    'the weather is lovely today',
    'my cat walked on the keyboard',
    '👍',
    'I saw your ad on instagram',
    'can you recommend a good restaurant',
    'lol',
  ];
  const handoffs = ['i want to talk to a human', 'can I speak with someone please', 'real person please', 'OPERATOR', 'customer service'];
  const fillers = ['', 'hi, ', 'hello! ', 'good morning, '];
  const endings = ['', '?', ' please', ' thanks!'];
  const wall = 'I ordered a sofa last month and '.repeat(40);
  const plain = (text: string, state: BotState = { misunderstood: 0 }, extra: Partial<BotInput> = {}): Omit<Case, 'kind'> => ({
    state,
    input: { text, channelCapabilities: caps, isNewConversation: false, ...extra },
  });
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    if (r < 0.5) {
      const entry = pick(config.faq);
      const phrase = pick([entry.question, ...entry.phrases]);
      cases.push({ kind: 'faq', ...plain(pick(fillers) + (rnd() < 0.5 ? typo(phrase, rnd) : phrase) + pick(endings)) });
    } else if (r < 0.65) cases.push({ kind: 'small talk', ...plain(pick(chatter), { misunderstood: Math.floor(rnd() * 2) }) });
    else if (r < 0.73) cases.push({ kind: 'handoff', ...plain(pick(handoffs)) });
    else if (r < 0.81) {
      const menu = pick([
        plain('2', { misunderstood: 0, askedMenu: true }),
        plain('Support'),
        plain('', { misunderstood: 0 }, { interactiveId: 'menu:b2b' }),
      ]);
      cases.push({ kind: 'menu', ...menu });
    } else if (r < 0.89) {
      cases.push({
        kind: 'answer',
        ...plain(pick(['mario.rossi@example.it', 'not now', 'me@shop.com']), { misunderstood: 0, pendingQuestionId: 'email' }),
      });
    } else if (r < 0.92) cases.push({ kind: 'stop', ...plain(pick(['STOP', 'unsubscribe', 'Basta'])) });
    else if (r < 0.98)
      cases.push({ kind: 'greeting', ...plain(pick(['hi', 'hello', 'buongiorno']), { misunderstood: 0 }, { isNewConversation: true }) });
    else cases.push({ kind: 'long text', ...plain(wall) });
  }
  return cases;
}

// Monday 2 March 2026, 11:00 in Rome: inside business hours, so every decision also asks Intl for the local time.
const now = new Date('2026-03-02T10:00:00Z');

export function runBotBench(opts: BotOptions): { figures: Figure[]; outcomes: Map<string, number> } {
  const config = benchPersonality(opts.faq);

  // Compiling: once per personality object (then cached), so it is paid on the first message after a change.
  const compileMs: number[] = [];
  for (let i = 0; i < compileRuns; i++) {
    const copy = structuredClone(config);
    const t0 = performance.now();
    compileBot(copy);
    compileMs.push(performance.now() - t0);
  }

  const cases = benchMessages(config, 10_000);
  let sink = 0;
  const run = (c: Case): Decision => decide(config, c.state, c.input, now);
  for (let i = 0; i < warmupDecisions; i++) sink += run(cases[i % cases.length]!).replies.length;

  // Throughput: back to back, one core.
  const t0 = performance.now();
  for (let i = 0; i < opts.decisions; i++) sink += run(cases[i % cases.length]!).replies.length;
  const seconds = (performance.now() - t0) / 1000;

  // Latency: each decision timed on its own, overall and per kind of message.
  const all: number[] = [];
  const byKind = new Map<Kind, number[]>();
  const outcomes = new Map<string, number>();
  for (let i = 0; i < opts.samples; i++) {
    const c = cases[i % cases.length]!;
    const start = performance.now();
    const d = run(c);
    const ms = performance.now() - start;
    all.push(ms);
    const list = byKind.get(c.kind) ?? [];
    list.push(ms);
    byKind.set(c.kind, list);
    const key = `${c.kind} → ${d.rule}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    sink += d.replies.length;
  }
  if (sink < 0) throw new Error('unreachable: keeps the results alive');

  const µs = (ms: number[]) => ms.map((m) => m * 1000);
  const overall = summarize('one decision: latency', 'µs', µs(all));
  const figures: Figure[] = [
    summarize(`compile a ${opts.faq}-entry personality`, 'ms', compileMs),
    { metric: 'decisions, one core', unit: 'decisions/s', value: opts.decisions / seconds },
    overall,
    ...[...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, ms]) => summarize(`  ${kind}`, 'µs', µs(ms))),
  ];
  return { figures, outcomes };
}

if (isMain(import.meta.url)) {
  const opts = intOptions(botDefaults);
  const machine = await machineInfo();
  printHeader(machine);
  process.stdout.write('\nBot decisions…\n');
  const { figures, outcomes } = runBotBench(opts);
  printTable(`Bot engine (${opts.faq} FAQ entries; ${opts.decisions} decisions back to back, ${opts.samples} timed one by one)`, figures);

  const rate = figures.find((f) => f.unit === 'decisions/s')?.value ?? 0;
  const p95 = (figures.find((f) => f.metric === 'one decision: latency')?.p95 ?? Infinity) / 1000;
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  process.stdout.write(
    `\nGoals: ≥ ${GOAL_PER_SECOND.toLocaleString('en')} decisions/s: ${verdict(rate >= GOAL_PER_SECOND)} · ` +
      `p95 ≤ ${GOAL_P95_MS} ms: ${verdict(p95 <= GOAL_P95_MS)} (${p95.toFixed(3)} ms)\n`,
  );
  // What the timed messages led to, to show the mix exercised every rule.
  const lines = [...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k.padEnd(32)} ${n}`);
  process.stdout.write(`\nMessages → rule (timed sample)\n${lines.join('\n')}\n`);
  appendResult('bot', machine, opts, figures);
}
