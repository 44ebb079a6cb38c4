import { Alert, Anchor, Grid, Paper, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { CampaignDraft, CampaignMode } from '@parley/contracts';
import { useState } from 'react';
import { submitErrors } from '../../../lib/forms';
import { useChannelsQuery } from '../../channels/queries';
import { useUserTime } from '../../identity/session';
import { TemplatePreview } from '../../templates/TemplatePreview';
import { useApprovedTemplates, useCreateDraft, useUpdateDraft } from '../queries';
import { StepNav } from './StepNav';

const FIELDS = ['name', 'channelId', 'templateId', 'mode', 'scheduledAt', 'timezone', 'includeActive'] as const;
type Errors = Partial<Record<(typeof FIELDS)[number] | 'date' | 'time', string>>;

/** Step 1: name, WhatsApp number, an approved template of that number, immediate or scheduled, the active-conversation toggle. */
export function SetupStep({ draft, onSaved }: { draft: CampaignDraft | undefined; onSaved: (id: string) => void }) {
  const time = useUserTime();
  const channels = useChannelsQuery();
  // A new campaign's draft is made on the first Next; kept here so a refused second call does not make another.
  const [createdId, setCreatedId] = useState<string | null>(null);
  const id = draft?.id ?? createdId;
  const create = useCreateDraft();
  const update = useUpdateDraft();

  const [name, setName] = useState(draft?.name ?? '');
  const [channelId, setChannelId] = useState<string | null>(draft?.channelId ?? null);
  const [templateId, setTemplateId] = useState<string | null>(draft?.templateId ?? null);
  const [mode, setMode] = useState<CampaignMode>(draft?.mode ?? 'immediate');
  const [date, setDate] = useState(draft?.schedule?.localDateTime.slice(0, 10) ?? '');
  const [clock, setClock] = useState(draft?.schedule?.localDateTime.slice(11, 16) ?? '');
  const [includeActive, setIncludeActive] = useState(draft?.includeActive ?? false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const zone = draft?.schedule?.timezone ?? time.zone;

  const numbers = (channels.data ?? []).filter((c) => c.kind === 'whatsapp');
  const templates = useApprovedTemplates(channelId);
  const template = templates.data?.find((t) => t.id === templateId);

  const check = (): Errors => {
    const e: Errors = {};
    if (!name.trim()) e.name = 'Give the campaign a name';
    if (!channelId) e.channelId = 'Pick the WhatsApp number to send from';
    if (!templateId) e.templateId = 'Pick an approved template';
    if (mode === 'scheduled') {
      if (!date) e.date = 'Pick the day';
      if (!clock) e.time = 'Pick the time';
    }
    return e;
  };

  const submit = async () => {
    const local = check();
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    try {
      let savedId = id;
      if (!savedId) {
        savedId = (await create.mutateAsync({ name: name.trim(), channelId: channelId!, templateId: templateId! })).id;
        setCreatedId(savedId);
      }
      await update.mutateAsync({
        id: savedId,
        body: {
          name: name.trim(),
          channelId,
          templateId,
          mode,
          includeActive,
          ...(mode === 'scheduled' ? { scheduledAt: `${date}T${clock}`, timezone: zone } : { scheduledAt: null }),
        },
      });
      onSaved(savedId);
    } catch (error) {
      const { fieldErrors, formError: message } = submitErrors(error, FIELDS);
      setErrors(fieldErrors);
      setFormError(message);
    }
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md" radius="md">
          <Stack>
            <Text size="sm" c="dimmed">
              Follow{' '}
              <Anchor href="https://developers.facebook.com/docs/whatsapp/messaging-limits" target="_blank" rel="noreferrer">
                Meta’s policy on business-initiated messages
              </Anchor>
              , or the number may be limited or blocked.
            </Text>
            <TextInput
              label="Name"
              data-testid="wizard-name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              required
            />
            <Select
              label="WhatsApp number"
              data-testid="wizard-channel"
              placeholder={channels.isPending ? 'Loading…' : 'Pick a number'}
              data={numbers.map((c) => ({ value: c.id, label: `${c.name} (+${c.displayPhoneNumber.replace(/^\+/, '')})` }))}
              value={channelId}
              onChange={(v) => {
                setChannelId(v);
                if (v !== channelId) setTemplateId(null);
              }}
              error={errors.channelId}
              nothingFoundMessage="No WhatsApp number: connect one in Settings → Channels"
              required
            />
            <Select
              label="Template"
              description="Approved templates of this number’s business account"
              data-testid="wizard-template"
              placeholder={!channelId ? 'Pick a number first' : templates.isPending ? 'Loading…' : 'Pick a template'}
              disabled={!channelId}
              searchable
              data={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.language})` }))}
              value={templateId}
              onChange={setTemplateId}
              error={errors.templateId}
              nothingFoundMessage="No approved template for this number"
              required
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Mode
              </Text>
              <SegmentedControl
                data-testid="wizard-mode"
                value={mode}
                onChange={(v) => setMode(v as CampaignMode)}
                data={[
                  { value: 'immediate', label: 'Immediate' },
                  { value: 'scheduled', label: 'Scheduled' },
                ]}
              />
              {errors.mode && (
                <Text size="xs" c="red">
                  {errors.mode}
                </Text>
              )}
            </Stack>
            {mode === 'scheduled' && (
              <Stack gap={4}>
                <Grid>
                  <Grid.Col span={6}>
                    <TextInput
                      type="date"
                      label="Day"
                      data-testid="wizard-date"
                      value={date}
                      onChange={(e) => setDate(e.currentTarget.value)}
                      error={errors.date}
                    />
                  </Grid.Col>
                  <Grid.Col span={6}>
                    <TextInput
                      type="time"
                      label="Time"
                      data-testid="wizard-time"
                      value={clock}
                      onChange={(e) => setClock(e.currentTarget.value)}
                      error={errors.time}
                    />
                  </Grid.Col>
                </Grid>
                <Text size="xs" c="dimmed">
                  In your time zone, {zone}.
                </Text>
                {(errors.scheduledAt || errors.timezone) && (
                  <Text size="xs" c="red" data-testid="wizard-schedule-error">
                    {errors.scheduledAt ?? errors.timezone}
                  </Text>
                )}
              </Stack>
            )}
            <Switch
              data-testid="wizard-include-active"
              label="Also send to customers in an active conversation"
              description="Off: customers talking with the bot or an agent right now are left out (listed as rejected)."
              checked={includeActive}
              onChange={(e) => setIncludeActive(e.currentTarget.checked)}
            />
            {formError && (
              <Alert color="red" data-testid="wizard-error">
                {formError}
              </Alert>
            )}
            <StepNav onNext={() => void submit()} pending={create.isPending || update.isPending} />
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        {template && (
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {template.name} — with its examples
            </Text>
            <TemplatePreview content={template.content} />
          </Stack>
        )}
      </Grid.Col>
    </Grid>
  );
}
