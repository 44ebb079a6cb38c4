// The sample file made for the chosen template: phone, name, and one column per variable (body {{n}}, the header's,
// URL buttons'), its one row filled with the template's examples, so a filled-in copy needs no mapping.
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Writable } from 'node:stream';
import type { Deps } from '../../../platform/deps';
import { writeXlsx } from '../../../platform/excel';
import { templateSlots } from '../templates/variables';
import { defaultCountryOf } from './audience-batch';
import { sampleColumns } from './columns';
import { channelAndTemplate, loadCampaign } from './drafts';
import { resolveContext, resolveValues } from './resolve-values';

export async function prepareSampleFile(deps: Deps, workspaceId: string, id: string) {
  const c = await loadCampaign(deps.db, workspaceId, id);
  const { channel, template } = await channelAndTemplate(deps.db, c);
  const slots = templateSlots(template.content);
  const country: CountryCode = defaultCountryOf(channel, deps.config);
  const phone = getExampleNumber(country, examples)?.number ?? '+5511987654321';
  // The examples, as the `example` sample would give them.
  const ctx = resolveContext(
    template.content,
    {
      body: Array.from({ length: slots.body }, () => ({ kind: 'sample', sample: 'example' }) as const),
      header: { kind: 'sample', sample: 'example' },
      urlButtons: Object.fromEntries(slots.urlButtons.map((i) => [String(i), { kind: 'sample', sample: 'example' } as const])),
    },
    '',
  );
  const { values } = resolveValues(ctx, { cells: null, name: null, e164: null, contact: null, attributes: undefined });
  const headers = ['phone', 'name', ...values.body.map((_, i) => sampleColumns.body(i + 1))];
  const row: string[] = [phone, 'Maria Silva', ...values.body];
  if (slots.header) {
    headers.push(sampleColumns.header);
    row.push(values.header ?? '');
  }
  for (const index of slots.urlButtons) {
    headers.push(sampleColumns.url(index));
    row.push(values.urlButtons?.[String(index)] ?? '');
  }
  return {
    fileName: `${template.name}-sample.xlsx`,
    write: (out: Writable) =>
      writeXlsx(out, { name: 'Audience', columns: headers.map((header) => ({ header, type: 'text' as const })), rows: [row] }),
  };
}
