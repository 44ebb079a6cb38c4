// Webhook fixtures for the tests, written as Meta sends them: raw JSON text with non-ASCII escaped
// (\ud83d\ude2e), shaped after the reference's examples and pywa's fixtures.

export const PNID = '106540352242922';
export const DISPLAY = '15550783881';
export const WABA = '102290129340398';

/** Wrap `value` fields into a full webhook body (one entry, one change per value). */
export function envelope(...values: Record<string, unknown>[]): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA,
        changes: values.map((value) => ({
          field: 'messages',
          value: { messaging_product: 'whatsapp', metadata: { display_phone_number: DISPLAY, phone_number_id: PNID }, ...value },
        })),
      },
    ],
  };
}

export const contact = (waId: string, name: string, userId = `US.${waId}0001`) => ({ profile: { name }, wa_id: waId, user_id: userId });

/** One inbound message from 16505551234 (with its contacts entry). */
export function inbound(message: Record<string, unknown>): Record<string, unknown> {
  return envelope({
    contacts: [contact('16505551234', 'Kerry Fisher')],
    messages: [{ from: '16505551234', from_user_id: 'US.165055512340001', id: 'wamid.ID1', timestamp: '1749416383', ...message }],
  });
}

/** A raw body exactly as Meta sends it: reaction with an escaped emoji. */
export const RAW_REACTION = String.raw`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Jos\u00e9"},"wa_id":"16505551234","user_id":"US.13491208655302741918"}],"messages":[{"from":"16505551234","from_user_id":"US.13491208655302741918","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU4MUMyRQA=","timestamp":"1749416383","type":"reaction","reaction":{"message_id":"wamid.OUR1","emoji":"\ud83d\ude2e"}}]},"field":"messages"}]}]}`;

/** 2 entries × 2 changes, mixing messages, statuses, a value-level error and a template status update. */
export const BATCH = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: WABA,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: DISPLAY, phone_number_id: PNID },
            // Deliberately in the opposite order from the messages: pairing must use ids.
            contacts: [contact('447700900123', 'Bea'), contact('16505551234', 'Al')],
            messages: [
              { from: '16505551234', id: 'wamid.A1', timestamp: '1700000001', type: 'text', text: { body: 'first' } },
              { from: '447700900123', id: 'wamid.B1', timestamp: '1700000002', type: 'text', text: { body: 'second' } },
              {
                from: '16505551234',
                id: 'wamid.A2',
                timestamp: '1700000003',
                type: 'sticker',
                sticker: { id: '77', mime_type: 'image/webp', sha256: 'x', animated: true },
              },
            ],
          },
        },
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: DISPLAY, phone_number_id: PNID },
            statuses: [
              { id: 'wamid.OUT1', status: 'sent', timestamp: '1700000010', recipient_id: '16505551234' },
              { id: 'wamid.OUT2', status: 'delivered', timestamp: '1700000011', recipient_id: '447700900123' },
            ],
            errors: [{ code: 131000, title: 'Something went wrong' }],
          },
        },
      ],
    },
    {
      id: '999000111',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550000002', phone_number_id: '200000000000002' },
            contacts: [{ profile: { name: 'Username Only', username: 'quokka' }, user_id: 'US.555' }],
            messages: [{ from_user_id: 'US.555', id: 'wamid.C1', timestamp: 1700000020, type: 'text', text: { body: 'hi from a BSUID' } }],
            statuses: [{ id: 'wamid.OUT3', status: 'read', timestamp: '1700000021', recipient_user_id: 'US.555' }],
          },
        },
        {
          field: 'message_template_status_update',
          value: {
            event: 'APPROVED',
            message_template_id: 123,
            message_template_name: 'order_update',
            message_template_language: 'en_US',
            reason: 'NONE',
          },
        },
      ],
    },
  ],
};
