import { Alert, Button, Group, Modal, Radio, SegmentedControl, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Agent, SkillsetReadiness, TransferMode, TransferResult } from '@parley/contracts';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { availabilityLabels } from '../routing/AvailabilitySwitch';
import { useAgents, useSkillsetReadiness } from '../routing/desk-queries';
import { useTransfer } from './queries';

interface TransferModalProps {
  conversationId: string;
  opened: boolean;
  onClose: () => void;
}

type TargetKind = 'skillset' | 'user';

/** PRODUCT §4's two modes, in a line each, so the choice is informed. */
const modeHelp: Record<TransferMode, string> = {
  immediate: 'Assign it now if the target can take it; otherwise it goes to the head of the queue, for anyone eligible.',
  exclusive: 'Hold it for the target only: it waits for them until the reservation times out, then joins the general queue.',
};

export function TransferModal({ conversationId, opened, onClose }: TransferModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Transfer this conversation" size="lg">
      {opened && <TransferForm conversationId={conversationId} onDone={onClose} />}
    </Modal>
  );
}

function TransferForm({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const [kind, setKind] = useState<TargetKind>('skillset');
  const [target, setTarget] = useState<string | null>(null);
  const [mode, setMode] = useState<TransferMode>('immediate');
  const agents = useAgents();
  const readiness = useSkillsetReadiness();
  const transfer = useTransfer(conversationId);

  const switchKind = (value: string) => {
    setKind(value === 'user' ? 'user' : 'skillset');
    setTarget(null);
    transfer.reset();
  };

  const submit = () => {
    if (!target) return;
    const to = kind === 'user' ? { userId: target } : { skillsetId: target };
    transfer.mutate(
      { to, mode },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'green', title: 'Conversation transferred', message: outcomeText(result, agents.data ?? []) });
          onDone();
        },
      },
    );
  };

  const loadError = kind === 'user' ? agents.error : readiness.error;

  return (
    <Stack>
      <SegmentedControl
        aria-label="Transfer to"
        value={kind}
        onChange={switchKind}
        data={[
          { value: 'skillset', label: 'A skillset' },
          { value: 'user', label: 'A person' },
        ]}
      />
      {kind === 'skillset' ? (
        <Select
          label="Skillset"
          placeholder={readiness.isPending ? 'Loading…' : 'Choose a skillset'}
          data={(readiness.data ?? []).map(skillsetOption)}
          value={target}
          onChange={(v) => {
            setTarget(v);
            transfer.reset();
          }}
          searchable
          nothingFoundMessage="No skillset of that name"
        />
      ) : (
        <Select
          label="Person"
          placeholder={agents.isPending ? 'Loading…' : 'Choose a person'}
          data={(agents.data ?? []).map(agentOption)}
          value={target}
          onChange={(v) => {
            setTarget(v);
            transfer.reset();
          }}
          searchable
          nothingFoundMessage="Nobody of that name"
        />
      )}
      {loadError && <Alert color="red">{errorMessage(loadError)}</Alert>}
      <Radio.Group label="Mode" value={mode} onChange={(v) => setMode(v === 'exclusive' ? 'exclusive' : 'immediate')}>
        <Stack gap="xs" mt={4}>
          <Radio value="immediate" label="Immediate" description={modeHelp.immediate} />
          <Radio value="exclusive" label="Exclusive" description={modeHelp.exclusive} />
        </Stack>
      </Radio.Group>
      {transfer.isError && (
        <Alert color="red" title="Not transferred" data-testid="transfer-error">
          {errorMessage(transfer.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={submit} disabled={!target} loading={transfer.isPending}>
          Transfer
        </Button>
      </Group>
    </Stack>
  );
}

function skillsetOption(s: SkillsetReadiness) {
  const status = s.ready ? 'agent ready now' : 'nobody free';
  return { value: s.skillsetId, label: `${s.name} — ${status}${s.waiting > 0 ? `, ${s.waiting} waiting` : ''}` };
}

function agentOption(a: Agent) {
  return { value: a.userId, label: `${a.name} — ${availabilityLabels[a.availability]}, ${a.openCount} / ${a.maxOpen} open` };
}

function outcomeText(r: TransferResult, agents: Agent[]): string {
  const name = (id: string | null) => agents.find((a) => a.userId === id)?.name ?? 'an agent';
  if (r.outcome === 'assigned') return `${name(r.assigneeId)} has it now.`;
  if (r.outcome === 'reserved')
    return r.reservedForUserId ? `It waits for ${name(r.reservedForUserId)} only.` : 'It waits for that skillset only.';
  return 'It waits in the queue.';
}
