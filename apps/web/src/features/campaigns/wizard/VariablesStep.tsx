import { Alert, Grid, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CampaignDraft, CampaignInteractive, CampaignVariables } from '@parley/contracts';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage, isApiError } from '../../../lib/api';
import { TemplatePreview } from '../../templates/TemplatePreview';
import { useAudience, usePreview, useUpdateDraft } from '../queries';
import { fromPick, SourcePicker, toPick, type SourcePick } from './SourcePicker';
import { StepNav } from './StepNav';

interface Picks {
  body: SourcePick[];
  header: SourcePick | null;
  urlButtons: Record<string, SourcePick>;
}

/** The mapping the server can take now: the body's complete leading variables, and the complete others. */
function savable(p: Picks): CampaignVariables {
  const body = [];
  for (const pick of p.body) {
    const source = fromPick(pick);
    // Body variables are positional: a gap ends what can be saved.
    if (!source) break;
    body.push(source);
  }
  const header = p.header ? fromPick(p.header) : null;
  const urlButtons = Object.fromEntries(
    Object.entries(p.urlButtons).flatMap(([k, pick]) => {
      const s = fromPick(pick);
      return s ? [[k, s]] : [];
    }),
  );
  return { body, ...(header ? { header } : {}), urlButtons };
}

const complete = (p: Picks) =>
  p.body.every((x) => fromPick(x)) && (!p.header || fromPick(p.header)) && Object.values(p.urlButtons).every((x) => fromPick(x));
/** Compared by content: the server may give the keys in another order, or leave out an empty header. */
function same(a: CampaignVariables, b: CampaignVariables): boolean {
  const norm = (v: CampaignVariables) =>
    JSON.stringify([v.body, v.header ?? null, Object.entries(v.urlButtons ?? {}).sort(([x], [y]) => x.localeCompare(y))]);
  return norm(a) === norm(b);
}

/** Step 3: a source for each {{n}} (and the header's and URL buttons'), quick-reply payloads, and the live preview. */
export function VariablesStep({ draft, onPrevious, onNext }: { draft: CampaignDraft; onPrevious: () => void; onNext: () => void }) {
  const template = draft.template!;
  const { slots, content } = template;
  const update = useUpdateDraft();
  const [picks, setPicks] = useState<Picks>(() => ({
    body: Array.from({ length: slots.body }, (_, i) => toPick(draft.variables?.body[i])),
    header: slots.header ? toPick(draft.variables?.header) : null,
    urlButtons: Object.fromEntries(slots.urlButtons.map((i) => [String(i), toPick(draft.variables?.urlButtons[String(i)])])),
  }));
  const quickReplies = content.buttons.flatMap((b, index) => (b.type === 'quick_reply' ? [{ index, text: b.text }] : [])).slice(0, 3);
  const [payloads, setPayloads] = useState<Record<number, string>>(() =>
    Object.fromEntries((draft.interactive?.quickReplies ?? []).map((q) => [q.index, q.payload])),
  );
  const [incomplete, setIncomplete] = useState(false);

  // Saved as the admin goes, so the preview (made by the server, with contact fields and attributes) follows.
  const variables = useMemo(() => savable(picks), [picks]);
  const [settled] = useDebouncedValue(variables, 400);
  const saved = draft.variables ?? { body: [], urlButtons: {} };
  const { mutate } = update;
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    // Only a settled change of the picks saves: the draft coming back equals them and does not save again.
    if (!same(settled, JSON.parse(savedKey) as CampaignVariables)) mutate({ id: draft.id, body: { variables: settled } });
  }, [settled, savedKey, mutate, draft.id]);

  const interactive: CampaignInteractive | null = (() => {
    const given = quickReplies
      .filter((q) => payloads[q.index]?.trim())
      .map((q) => ({ index: q.index, payload: payloads[q.index]!.trim() }));
    return given.length ? { quickReplies: given } : null;
  })();

  const next = () => {
    if (!complete(picks)) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    mutate({ id: draft.id, body: { variables, interactive } }, { onSuccess: onNext });
  };

  const issueFor = (path: string) =>
    isApiError(update.error) ? update.error.issues.find((i) => i.field.startsWith(path))?.message : undefined;
  const missingError = (pick: SourcePick) => (incomplete && !fromPick(pick) ? 'Choose where this value comes from' : undefined);
  const setBody = (i: number, p: SourcePick) => setPicks((cur) => ({ ...cur, body: cur.body.map((x, j) => (j === i ? p : x)) }));

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md" radius="md">
          <Stack>
            <Text size="sm" c="dimmed">
              Fill each gap of <b>{template.name}</b> from a file column, a contact field or attribute, a predefined sample, or a text of
              your own.
            </Text>
            {slots.body === 0 && !slots.header && slots.urlButtons.length === 0 && <Text size="sm">This template has no variables.</Text>}
            {picks.header && (
              <SourcePicker
                label="Header {{1}}"
                testId="var-header"
                draft={draft}
                value={picks.header}
                onChange={(p) => setPicks((cur) => ({ ...cur, header: p }))}
                error={missingError(picks.header) ?? issueFor('variables.header')}
              />
            )}
            {picks.body.map((pick, i) => (
              <SourcePicker
                key={i}
                label={`Body {{${i + 1}}}`}
                testId={`var-body-${i + 1}`}
                draft={draft}
                value={pick}
                onChange={(p) => setBody(i, p)}
                error={missingError(pick) ?? issueFor(`variables.body.${i}`)}
              />
            ))}
            {Object.entries(picks.urlButtons).map(([index, pick]) => (
              <SourcePicker
                key={index}
                label={`Button “${content.buttons[Number(index)]?.text ?? index}” URL {{1}}`}
                testId={`var-url-${index}`}
                draft={draft}
                value={pick}
                onChange={(p) => setPicks((cur) => ({ ...cur, urlButtons: { ...cur.urlButtons, [index]: p } }))}
                error={missingError(pick) ?? issueFor(`variables.urlButtons.${index}`)}
              />
            ))}
            {quickReplies.length > 0 && (
              <Stack gap="xs">
                <Title order={3} size="h5">
                  Quick replies
                </Title>
                <Text size="xs" c="dimmed">
                  The template’s quick-reply buttons (at most 3). A payload, if given, comes back when the customer taps it, so a reply can
                  be told apart from typed text.
                </Text>
                {quickReplies.map((q) => (
                  <TextInput
                    key={q.index}
                    label={`“${q.text}” payload`}
                    placeholder="Optional"
                    data-testid={`quick-reply-${q.index}`}
                    value={payloads[q.index] ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setPayloads((cur) => ({ ...cur, [q.index]: v }));
                    }}
                    error={issueFor('interactive')}
                  />
                ))}
              </Stack>
            )}
            {incomplete && <Alert color="red">Choose a source for every variable to go on.</Alert>}
            {update.isError && (
              <Alert color="red" data-testid="variables-error">
                {errorMessage(update.error)}
              </Alert>
            )}
            <StepNav onPrevious={onPrevious} onNext={next} pending={update.isPending && update.variables?.body.interactive !== undefined} />
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <PreviewPanel draft={draft} saving={update.isPending} />
      </Grid.Col>
    </Grid>
  );
}

/** The message as one chosen recipient will see it, made by the server from the saved mapping. */
function PreviewPanel({ draft, saving }: { draft: CampaignDraft; saving: boolean }) {
  const audience = useAudience(draft.id, 1, 100);
  const [rowNo, setRowNo] = useState<number | null>(null);
  const preview = usePreview(draft.id, rowNo, true);
  const p = preview.data;

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h5">
          Preview
        </Title>
        {(saving || preview.isFetching) && <Loader size="xs" aria-label="Updating the preview" />}
      </Group>
      <Select
        label="As seen by"
        data-testid="preview-recipient"
        placeholder="The first recipient"
        data={(audience.data?.items ?? []).map((r) => ({
          value: String(r.rowNo),
          label: `Row ${r.rowNo} · ${r.phone ?? '—'}${r.name ? ` · ${r.name}` : ''}`,
        }))}
        value={rowNo === null ? (p?.rowNo ? String(p.rowNo) : null) : String(rowNo)}
        onChange={(v) => setRowNo(v ? Number(v) : null)}
        allowDeselect={false}
        searchable
      />
      {preview.isError && <Alert color="red">{errorMessage(preview.error)}</Alert>}
      {p && draft.template && <TemplatePreview content={draft.template.content} values={p.values} />}
      {p && p.missing.length > 0 && (
        <Alert color="yellow" variant="light" data-testid="preview-missing">
          No value yet for {p.missing.join(', ')}: it shows as its {'{{n}}'} above.
        </Alert>
      )}
    </Stack>
  );
}
