import { Alert, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { MessageStatusIcon } from '../../components/MessageStatusIcon';
import { errorMessage } from '../../lib/api';
import { useRealtimeEvent } from '../../lib/RealtimeProvider';
import { simulatorKeys } from './api';
import { CustomerForm } from './CustomerForm';
import { useSimulatedCustomer } from './customer';
import { PhoneScreen } from './PhoneScreen';
import { useSimulatorOutbox, useSimulatorStart } from './queries';
import { useCustomerChat } from './useCustomerChat';

/** /simulator: play a WhatsApp customer of this workspace, without any Meta account (PRODUCT §7). */
export function SimulatorPage() {
  const queryClient = useQueryClient();
  const start = useSimulatorStart();
  const { customer, errors, valid, update } = useSimulatedCustomer();
  const chat = useCustomerChat(customer);
  const outbox = useSimulatorOutbox(customer.waId, start.isSuccess && !errors.waId);

  // Polling already catches up every second; events make replies and ticks appear at once.
  const refreshOutbox = () => void queryClient.invalidateQueries({ queryKey: simulatorKeys.outboxes });
  useRealtimeEvent('message.created', refreshOutbox);
  useRealtimeEvent('message.status', refreshOutbox);

  return (
    <Stack>
      <Title order={1} size="h2">
        Simulator
      </Title>
      <Group align="flex-start" gap="xl">
        <Stack maw={460} style={{ flex: '1 1 320px' }}>
          <Text size="sm">
            Play a customer writing to your business on WhatsApp, with no Meta account. Every message you send here travels to Parley as a
            real, signed WhatsApp webhook, exactly as Meta would deliver it. The replies on the phone are what Parley sent to a local fake
            of Meta’s Graph API, with the statuses that fake reports back:
          </Text>
          <List size="sm" spacing={4} listStyleType="none" aria-label="Status ticks">
            <StatusLegend status="accepted" text="accepted by the Graph API, not sent yet" />
            <StatusLegend status="sent" text="sent" />
            <StatusLegend status="delivered" text="delivered to the phone" />
            <StatusLegend status="read" text="read" />
            <StatusLegend status="failed" text="failed" />
          </List>
          <Text size="sm">To watch the same conversation from the staff side, open the inbox in another tab: it updates live.</Text>
          <CustomerForm customer={customer} errors={errors} onChange={update} />
          {start.isError && (
            <Alert color="red" title="The simulator could not start">
              {errorMessage(start.error)}
            </Alert>
          )}
          {outbox.isError && (
            <Alert color="orange" title="Cannot read Parley’s replies right now">
              {errorMessage(outbox.error)}
            </Alert>
          )}
        </Stack>
        <PhoneScreen
          businessNumber={start.data?.displayPhoneNumber ?? null}
          customerMessages={chat.messages}
          replies={outbox.data ?? []}
          canSend={start.isSuccess && valid}
          onSend={chat.sendText}
        />
      </Group>
    </Stack>
  );
}

function StatusLegend({ status, text }: { status: string; text: string }) {
  return (
    <List.Item>
      <Group gap={6} wrap="nowrap">
        <MessageStatusIcon status={status} />
        <Text size="sm">{text}</Text>
      </Group>
    </List.Item>
  );
}
