import { useSessionStorage } from '@mantine/hooks';
import { simulatorCustomer } from '@parley/contracts';
import { useState } from 'react';
import { schemaRule } from '../../lib/forms';

export const DEFAULT_AD_HEADLINE = 'Chat with us about our summer offer';

/** A US test-range number (+1 650 555 xxxx), so each visit starts as a new customer. */
export function randomWaId(): string {
  return `1650555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

export interface SimulatedCustomer {
  name: string;
  waId: string;
  fromAd: boolean;
  adHeadline: string;
}

const nameRule = schemaRule(simulatorCustomer.shape.name, 'Enter a name');
const waIdRule = schemaRule(simulatorCustomer.shape.waId, 'Enter a number');

/**
 * Who the person plays, checked with the same schema the server uses. Kept for the browser tab, so going to the
 * inbox and back continues the same chat; a new tab starts as a new customer.
 */
export function useSimulatedCustomer() {
  const [initial] = useState<SimulatedCustomer>(() => ({
    name: 'Sam Taylor',
    waId: randomWaId(),
    fromAd: false,
    adHeadline: DEFAULT_AD_HEADLINE,
  }));
  const [customer, setCustomer] = useSessionStorage<SimulatedCustomer>({
    key: 'parley.simulator.customer',
    defaultValue: initial,
    getInitialValueInEffect: false,
  });
  const errors = { name: nameRule(customer.name), waId: waIdRule(customer.waId) };
  const update = (patch: Partial<SimulatedCustomer>) => setCustomer((current) => ({ ...current, ...patch }));
  return { customer, errors, valid: !errors.name && !errors.waId, update };
}
