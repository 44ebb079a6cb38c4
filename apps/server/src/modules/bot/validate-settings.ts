// A personality is saved only if it can work in this workspace: the engine's schema and checks against the
// workspace's real skillsets and attribute definitions, plus whether each question's answer fits its attribute.
import type { AttributeDefinition } from '@parley/contracts';
import { listAttributeDefinitions } from '../contacts';
import { listSkillsets } from '../routing';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { checkBotConfig, parseBotConfig, type BotConfig, type BotConfigProblem, type QuestionType } from './engine';

/** The attribute types that can hold what each kind of question stores. */
const FITS: Record<QuestionType, readonly AttributeDefinition['type'][]> = {
  text: ['text'],
  number: ['number'],
  date: ['date', 'text'],
  boolean: ['boolean'],
  list: ['list', 'text'],
  url: ['url', 'text'],
  email: ['text'],
  phone: ['text'],
};

/** The personality as stored, or a 400 naming every problem (`issues[].field` is its path in the personality). */
export async function validatePersonality(db: Db, workspaceId: string, input: unknown): Promise<BotConfig> {
  const { known, attributes } = await workspaceReferences(db, workspaceId);
  const parsed = parseBotConfig(input, known);
  const problems = parsed.ok ? attributeFit(parsed.config, attributes) : parsed.problems;
  if (problems.length > 0 || !parsed.ok) throw personalityProblems(problems);
  return parsed.config;
}

/** What stops a saved personality from working now (a skillset or attribute deleted since), as API issues. */
export async function currentProblems(db: Db, workspaceId: string, config: BotConfig) {
  const { known, attributes } = await workspaceReferences(db, workspaceId);
  return personalityIssues([...checkBotConfig(config, known), ...attributeFit(config, attributes)]);
}

async function workspaceReferences(db: Db, workspaceId: string) {
  // One after the other: a transaction's connection runs one query at a time.
  const skillsets = await listSkillsets(db, workspaceId);
  const attributes = await listAttributeDefinitions(db, workspaceId);
  return { known: { skillsetIds: new Set(skillsets.map((s) => s.id)), attributeKeys: new Set(attributes.map((a) => a.key)) }, attributes };
}

export function attributeFit(config: BotConfig, attributes: readonly AttributeDefinition[]): BotConfigProblem[] {
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  const problems: BotConfigProblem[] = [];
  config.questions.forEach((q, i) => {
    const attr = byKey.get(q.attributeKey);
    if (!attr) return; // reported by the engine's checks
    if (!FITS[q.type].includes(attr.type)) {
      problems.push({
        field: `questions[${i}].type`,
        message: `a ${q.type} answer cannot be stored in "${attr.key}", a ${attr.type} attribute`,
      });
    } else if (q.type === 'list' && attr.type === 'list') {
      const allowed = new Set(attr.options ?? []);
      q.options?.forEach((o, j) => {
        if (!allowed.has(o))
          problems.push({ field: `questions[${i}].options[${j}]`, message: `"${o}" is not an option of the attribute "${attr.key}"` });
      });
    }
  });
  return problems;
}

/**
 * Problems as the API names fields everywhere: the path in the request body, dotted ("personality.menu.options.0
 * .skillsetId", as a form library addresses its fields).
 */
export function personalityIssues(problems: readonly BotConfigProblem[]) {
  return problems.map((p) => ({
    field: ['personality', p.field.replace(/\[(\d+)\]/g, '.$1')].filter(Boolean).join('.'),
    message: p.message,
  }));
}

function personalityProblems(problems: BotConfigProblem[]): AppError {
  const issues = personalityIssues(problems.slice(0, 100));
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.field}: ${i.message}`)
    .join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new AppError('validation_failed', `The bot cannot work with this personality — ${summary}${more}`, { issues });
}
