import { Alert, Badge, Box, Button, Grid, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { AttributeDefinition, BotSettingsView, Skillset } from '@parley/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessage, isApiError, type FieldIssue } from '../../lib/api';
import { attributeKeys } from '../contacts/attributes/api';
import { routingKeys } from '../routing/api';
import { BotTestPanel } from './BotTestPanel';
import { BusinessHoursSection } from './BusinessHoursSection';
import { GoalsSection, HandoffSection, StopSection } from './ConversationRulesSections';
import { checkDraft, toDraft, toPersonality, type DraftValues } from './draft';
import { FaqSection } from './FaqSection';
import { GeneralSection } from './GeneralSection';
import { placeIssues } from './issues';
import { MenuSection } from './MenuSection';
import { useSaveBotSettings } from './queries';
import { QuestionsSection } from './QuestionsSection';

interface BotSettingsFormProps {
  settings: BotSettingsView;
  skillsets: Skillset[];
  attributes: AttributeDefinition[];
  /** Seeds business hours that were never set. */
  timezone: string;
}

/** Scroll to the first input (or list) showing an error, once React has rendered the errors. */
function revealFirstError() {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('[data-bot-form] [aria-invalid="true"], [data-bot-form] [data-error-slot]');
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    // Focusing a select would open its dropdown over the message: only text fields take the focus.
    if (el && el.matches('input:not([aria-haspopup]), textarea')) el.focus({ preventScroll: true });
  });
}

export function BotSettingsForm({ settings, skillsets, attributes, timezone }: BotSettingsFormProps) {
  const save = useSaveBotSettings();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const initial = useMemo(() => toDraft(settings.mode, settings.personality, timezone), [settings, timezone]);
  const form = useForm<DraftValues>({
    initialValues: initial,
    // What stopped working in the saved personality (a skillset deleted since) is shown at its input from the start.
    initialErrors: placeIssues(settings.problems, initial).errors,
  });

  const showIssues = (issues: readonly FieldIssue[], values: DraftValues) => {
    const placed = placeIssues(issues, values);
    form.setErrors(placed.errors);
    setUnplaced(placed.unplaced);
    revealFirstError();
  };

  /** The draft as the API takes it, or null after marking its problems in the form. */
  const checkedDraft = () => {
    const values = form.getValues();
    const problems = checkDraft(values);
    if (problems.length > 0) {
      showIssues(problems, values);
      return null;
    }
    return toPersonality(values);
  };

  const handleSubmit = form.onSubmit(() => {
    setUnplaced([]);
    const values = form.getValues();
    const personality = checkedDraft();
    if (!personality) return;
    save.mutate(
      { mode: values.mode, personality },
      {
        onSuccess: (saved) => {
          const next = toDraft(saved.mode, saved.personality, timezone);
          form.setInitialValues(next);
          form.setValues(next);
          form.resetDirty(next);
          form.clearErrors();
          notifications.show({ color: 'green', title: 'Bot settings saved', message: 'They apply from the next customer message.' });
        },
        onError: (error) => {
          // A refusal may come from a skillset or attribute deleted meanwhile: the pickers should know it.
          void queryClient.invalidateQueries({ queryKey: routingKeys.skillsets });
          void queryClient.invalidateQueries({ queryKey: attributeKeys.definitions });
          if (isApiError(error) && error.issues.length > 0) showIssues(error.issues, values);
          else setUnplaced([errorMessage(error)]);
        },
      },
    );
  });

  const values = form.values;
  const skillsetChoices = skillsets.map((s) => ({ value: s.id, label: s.name }));
  const goalChoices = values.goals.map((g) => ({ value: g, label: g }));
  const questionChoices = values.questions.map((q, i) => ({
    value: q.id,
    label: `Question ${i + 1}: ${q.prompt.trim().slice(0, 40) || q.attributeKey || 'untitled'}`,
  }));
  const dirty = form.isDirty();
  const errorCount = Object.keys(form.errors).length;

  return (
    <Grid gap="lg" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={handleSubmit} noValidate data-bot-form aria-label="Bot settings">
          <Stack gap="md">
            {settings.problems.length > 0 && !dirty && (
              <Alert color="orange" title="The saved settings no longer work as they are" data-testid="bot-saved-problems">
                <Text size="sm">Something they point at was deleted since. The problems are marked below; fix them and save.</Text>
              </Alert>
            )}
            <GeneralSection form={form} />
            <MenuSection form={form} skillsets={skillsetChoices} />
            <FaqSection form={form} goals={goalChoices} questions={questionChoices} />
            <QuestionsSection form={form} attributes={attributes} goals={goalChoices} questions={questionChoices} />
            <GoalsSection form={form} />
            <HandoffSection form={form} />
            <StopSection form={form} />
            <BusinessHoursSection form={form} />
            <Paper
              withBorder
              p="sm"
              radius="md"
              shadow="sm"
              style={{ position: 'sticky', bottom: 8, zIndex: 2 }}
              data-testid="bot-save-bar"
            >
              <Stack gap="xs">
                {unplaced.length > 0 && (
                  <Alert color="red" p="xs" data-testid="bot-form-error">
                    <List size="sm">
                      {unplaced.map((u, i) => (
                        <List.Item key={i}>{u}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                <Group justify="space-between">
                  <Group gap="xs">
                    {dirty ? (
                      <Badge color="yellow">Unsaved changes</Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        All changes saved
                      </Text>
                    )}
                    {errorCount > 0 && (
                      <Button variant="subtle" color="red" size="compact-sm" onClick={revealFirstError}>
                        {errorCount === 1 ? '1 problem' : `${errorCount} problems`}: show
                      </Button>
                    )}
                  </Group>
                  <Group gap="xs">
                    <Button
                      variant="default"
                      disabled={!dirty}
                      onClick={() => {
                        form.reset();
                        setUnplaced([]);
                      }}
                    >
                      Discard changes
                    </Button>
                    <Button type="submit" loading={save.isPending}>
                      Save bot settings
                    </Button>
                  </Group>
                </Group>
              </Stack>
            </Paper>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Box style={{ position: 'sticky', top: 72 }}>
          <BotTestPanel
            draft={checkedDraft}
            onDraftIssues={(issues) => showIssues(issues, form.getValues())}
            dirty={dirty}
            skillsetName={(id) => skillsets.find((s) => s.id === id)?.name}
            attributeLabel={(key) => attributes.find((a) => a.key === key)?.label}
          />
        </Box>
      </Grid.Col>
    </Grid>
  );
}
