import { useSessionStorage } from '@mantine/hooks';
import { errorMessage } from '../../lib/api';
import type { SimulatedCustomer } from './customer';
import { useSimulatorSend } from './queries';

/** A message the simulated customer typed. */
export interface CustomerMessage {
  key: string;
  waId: string;
  text: string;
  at: string;
  /** accepted: on its way; sent: Parley acknowledged the webhook; failed: it did not. */
  status: 'accepted' | 'sent' | 'failed';
  error?: string;
}

const NONE: CustomerMessage[] = [];
/** Enough for any demo; older messages drop off so the tab's storage stays small. */
const KEEP = 200;

export function useCustomerChat(customer: SimulatedCustomer) {
  const send = useSimulatorSend();
  // Only Parley's side is stored on the server: the customer's own messages are kept for the browser tab.
  const [messages, setMessages] = useSessionStorage<CustomerMessage[]>({
    key: 'parley.simulator.messages',
    defaultValue: NONE,
    getInitialValueInEffect: false,
  });

  const patch = (key: string, changes: Partial<CustomerMessage>) =>
    setMessages((current) => current.map((m) => (m.key === key ? { ...m, ...changes } : m)));

  const sendText = (text: string) => {
    // Not crypto.randomUUID: it is missing on plain-http installs reached by IP address.
    const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const waId = customer.waId;
    setMessages((current) => [...current, { key, waId, text, at: new Date().toISOString(), status: 'accepted' as const }].slice(-KEEP));
    // mutateAsync, not mutate: per-call callbacks of mutate fire only for the latest call, and a customer may type fast.
    send
      .mutateAsync({
        customer: { waId, name: customer.name.trim() },
        text,
        ...(customer.fromAd ? { referral: { headline: customer.adHeadline.trim() || 'Ad' } } : {}),
      })
      .then(
        ({ webhookStatus }) =>
          webhookStatus >= 200 && webhookStatus < 300
            ? patch(key, { status: 'sent' })
            : patch(key, { status: 'failed', error: `Parley answered the webhook with HTTP ${webhookStatus}` }),
        (error: unknown) => patch(key, { status: 'failed', error: errorMessage(error) }),
      );
  };

  // Changing the number means playing another customer: show only that customer's messages.
  return { messages: messages.filter((m) => m.waId === customer.waId), sendText, sending: send.isPending };
}
