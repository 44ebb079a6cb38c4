import { Alert, Anchor, Group, Loader, Paper, Stack, Stepper, Title } from '@mantine/core';
import type { CampaignDraft } from '@parley/contracts';
import { IconArrowBack } from '@tabler/icons-react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api';
import { useDraft } from '../queries';
import { AudienceStep } from './AudienceStep';
import { SetupStep } from './SetupStep';
import { ValidationStep } from './ValidationStep';
import { VariablesStep } from './VariablesStep';

const STEPS = ['Campaign', 'Audience', 'Variables', 'Validation'] as const;

/** Where a draft reopened without a step picks up: the first step that still needs something. */
function resumeStep(d: CampaignDraft): number {
  if (!d.channelId || !d.template) return 0;
  if (d.audience.rows === 0) return 1;
  if (!d.validation) return 2;
  return 3;
}

/** The highest step a draft may show: a later one needs what the earlier ones give. */
function reachable(d: CampaignDraft | undefined): number {
  if (!d || !d.channelId || !d.template) return 0;
  return d.audience.rows === 0 ? 1 : 3;
}

/**
 * New outbound campaign (seed 004): Campaign → Audience → Variables → Validation, each with Previous / Next. The
 * draft is saved on the server as the admin goes, so /campaigns/:id/edit?step=n reopens it where it was left.
 */
export function CampaignWizard() {
  const { campaignId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const draft = useDraft(campaignId);
  const d = draft.data;

  if (campaignId && draft.isPending) return <Loader aria-label="Loading the draft" />;
  if (campaignId && draft.isError) return <Alert color="red">{errorMessage(draft.error)}</Alert>;
  // Confirmed campaigns are no longer drafts: their page is the history's View.
  if (d && d.status !== 'draft') return <Navigate to={`/campaigns/${d.id}`} replace />;

  const asked = searchParams.get('step');
  const wanted = asked === null ? (d ? resumeStep(d) : 0) : Number(asked);
  const step = Math.max(0, Math.min(Number.isInteger(wanted) ? wanted : 0, reachable(d)));
  const go = (n: number) => setSearchParams({ step: String(n) });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2" data-testid="wizard-title">
          {d ? d.name : 'New outbound campaign'}
        </Title>
        <Anchor component={Link} to="/campaigns" size="sm">
          <Group gap={4}>
            <IconArrowBack size={14} aria-hidden /> Outbound history
          </Group>
        </Anchor>
      </Group>
      {d?.retargetOf && (
        <Alert color="blue" variant="light" data-testid="wizard-retarget">
          A new campaign for the failed recipients of an earlier one: number, template and variables are carried over.
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Stepper active={step} onStepClick={(n) => n <= reachable(d) && go(n)} allowNextStepsSelect={false} size="sm">
          {STEPS.map((label) => (
            <Stepper.Step key={label} label={label} data-testid={`wizard-step-${label.toLowerCase()}`} />
          ))}
        </Stepper>
      </Paper>
      {step === 0 && (
        <SetupStep draft={d} onSaved={(id) => (campaignId ? go(1) : void navigate(`/campaigns/${id}/edit?step=1`, { replace: true }))} />
      )}
      {d && step === 1 && <AudienceStep draft={d} onPrevious={() => go(0)} onNext={() => go(2)} />}
      {d && step === 2 && <VariablesStep draft={d} onPrevious={() => go(1)} onNext={() => go(3)} />}
      {d && step === 3 && <ValidationStep draft={d} onPrevious={() => go(2)} onConfirmed={() => void navigate(`/campaigns/${d.id}`)} />}
    </Stack>
  );
}
