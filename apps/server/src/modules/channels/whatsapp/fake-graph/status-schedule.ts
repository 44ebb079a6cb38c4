import { randomBytes } from 'node:crypto';
import { signBody, metaJson } from './signature';
import type { FakeState } from './state';
import { buildStatusPayload, type StatusEvent, type StatusName } from './status-webhooks';
import type { NumberConfig } from './types';

const DAY_S = 24 * 60 * 60;

export interface StatusPlan {
  wamid: string;
  recipient: StatusEvent['recipient'];
  bizOpaque?: string;
  pricing: NonNullable<StatusEvent['pricing']>;
  /** When set, a single `failed` status is sent instead of sent/delivered/read. */
  failure?: { code: number; details?: string; title?: string };
}

/**
 * Emits the status webhooks of one accepted message at the configured offsets after the send: sent →
 * delivered → read (read unless the number has `sendRead: false`), or one `failed`. Each POST is awaited
 * before the next is due, so the receiver sees them in order — Meta does not promise that, but a fake
 * that reorders at random would make tests flaky; out-of-order cases belong in targeted tests.
 */
export function scheduleStatuses(state: FakeState, number: NumberConfig, plan: StatusPlan): void {
  const steps: StatusName[] = plan.failure ? ['failed'] : ['sent', 'delivered', ...(number.sendRead === false ? [] : (['read'] as const))];
  const offset = (s: StatusName): number => (s === 'failed' ? state.delays.sent : state.delays[s]);
  state.poster.track(async () => {
    let elapsed = 0;
    for (const status of steps) {
      const wait = offset(status) - elapsed;
      elapsed = Math.max(elapsed, offset(status));
      if (!(await state.poster.sleep(wait))) return;
      await postStatus(state, number, statusEvent(state, plan, status));
    }
  });
}

function statusEvent(state: FakeState, plan: StatusPlan, status: StatusName): StatusEvent {
  const timestamp = Math.floor(state.now() / 1000);
  return {
    wamid: plan.wamid,
    status,
    timestamp,
    recipient: plan.recipient,
    ...(plan.bizOpaque !== undefined ? { bizOpaque: plan.bizOpaque } : {}),
    ...(status === 'failed'
      ? { error: plan.failure ?? { code: 131000 } }
      : {
          pricing: plan.pricing,
          // The legacy conversation object rides on `sent` only (brief; §4: expiration on sent).
          ...(status === 'sent'
            ? {
                conversation: {
                  id: randomBytes(16).toString('hex'),
                  expirationTimestamp: timestamp + DAY_S,
                  originType: plan.pricing.category,
                },
              }
            : {}),
        }),
  };
}

async function postStatus(state: FakeState, number: NumberConfig, event: StatusEvent): Promise<void> {
  const rawBody = metaJson(buildStatusPayload(number, [event]));
  await state.poster.post(number.webhookUrl, rawBody, signBody(rawBody, number.appSecret), {
    phoneNumberId: number.phoneNumberId,
    kind: 'status',
    status: event.status,
    wamid: event.wamid,
  });
}
