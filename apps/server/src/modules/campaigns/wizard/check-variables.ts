// A draft's variable mapping and quick replies checked against its template, field by field: what cannot work for
// any recipient is refused when it is saved (per-recipient gaps are validation's business).
import {
  campaignContactFields,
  campaignVariableSamples,
  type CampaignInteractive,
  type CampaignVariables,
  type TemplateContent,
  type VariableSource,
} from '@parley/contracts';
import type { Db } from '../../../platform/db';
import { invalidField } from '../../../platform/errors';
import { listAttributeDefinitions } from '../../contacts';
import { templateSlots } from '../templates/variables';
import { formatProblem } from './value-rules';

export async function checkVariables(
  db: Db,
  workspaceId: string,
  content: TemplateContent,
  variables: CampaignVariables,
  fileColumns: readonly string[] | null,
): Promise<void> {
  const slots = templateSlots(content);
  if (variables.body.length > slots.body) {
    throw invalidField('variables.body', `the template's body has ${slots.body} variable(s), ${variables.body.length} given`);
  }
  if (variables.header && !slots.header) throw invalidField('variables.header', 'the template has no header variable');
  for (const key of Object.keys(variables.urlButtons)) {
    if (!slots.urlButtons.includes(Number(key)) || !/^\d+$/.test(key)) {
      throw invalidField(`variables.urlButtons.${key}`, 'is not a URL button with a variable in this template');
    }
  }
  const needsAttributes = [...variables.body, variables.header, ...Object.values(variables.urlButtons)].some(
    (s) => s?.kind === 'attribute',
  );
  const attributes = needsAttributes ? new Set((await listAttributeDefinitions(db, workspaceId)).map((a) => a.key)) : new Set<string>();
  const check = (source: VariableSource, field: string) => {
    switch (source.kind) {
      case 'column':
        if (fileColumns && !fileColumns.includes(source.column)) {
          throw invalidField(
            `${field}.column`,
            `the uploaded file has no column "${source.column}" (it has ${fileColumns.map((c) => `"${c}"`).join(', ')})`,
          );
        }
        return;
      case 'field':
        if (!(campaignContactFields as readonly string[]).includes(source.field)) {
          throw invalidField(`${field}.field`, `must be one of ${campaignContactFields.join(', ')}`);
        }
        return;
      case 'attribute':
        if (!attributes.has(source.key)) throw invalidField(`${field}.key`, `"${source.key}" is not a defined attribute`);
        return;
      case 'fixed': {
        if (source.text.trim() === '') throw invalidField(`${field}.text`, 'must not be empty');
        const problem = formatProblem(source.text);
        if (problem) throw invalidField(`${field}.text`, problem);
        return;
      }
      case 'sample':
        if (!(campaignVariableSamples as readonly string[]).includes(source.sample)) {
          throw invalidField(`${field}.sample`, `must be one of ${campaignVariableSamples.join(', ')}`);
        }
        return;
    }
  };
  variables.body.forEach((s, i) => check(s, `variables.body.${i}`));
  if (variables.header) check(variables.header, 'variables.header');
  for (const [key, s] of Object.entries(variables.urlButtons)) check(s, `variables.urlButtons.${key}`);
}

export function checkInteractive(content: TemplateContent, interactive: CampaignInteractive): void {
  const seen = new Set<number>();
  interactive.quickReplies.forEach((q, i) => {
    const field = `interactive.quickReplies.${i}.index`;
    if (content.buttons[q.index]?.type !== 'quick_reply')
      throw invalidField(field, `button ${q.index} of the template is not a quick reply`);
    if (seen.has(q.index)) throw invalidField(field, `button ${q.index} is given twice`);
    seen.add(q.index);
  });
}
