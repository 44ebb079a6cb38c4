// WhatsApp traffic for the messaging benchmark: the bench number's identity and signed inbound webhooks, built as
// raw bytes before the timed part (bench code does not import the server's test helpers).
import { createHmac, randomBytes } from 'node:crypto';

// The channel as Meta would describe it; the fake Graph API serves the same number.
export const APP_SECRET = `bench-app-secret-${randomBytes(8).toString('hex')}`;
export const SECRET_KEY = `bench-secret-key-${randomBytes(16).toString('hex')}`;
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const DISPLAY_NUMBER = '15550783881';
export const ACCESS_TOKEN = `EAAG-bench-access-token-${randomBytes(8).toString('hex')}`;

export interface Prepared {
  waId: string;
  wamid: string;
  body: Buffer;
  signature: string;
}

/** One inbound text message in Meta's envelope (reference §2–3), as raw bytes with their signature. */
export function prepare(waId: string, wamid: string, text: string): Prepared {
  const payload = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: DISPLAY_NUMBER, phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Customer ${waId.slice(-4)}` }, wa_id: waId }],
              messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  };
  const body = Buffer.from(JSON.stringify(payload));
  return { waId, wamid, body, signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
}

// Distinct wamids for the whole run (Meta's are base64 of a protobuf; only uniqueness matters here).
const runTag = randomBytes(4).toString('hex').toUpperCase();
let wamidSeq = 0;
const nextWamid = () => `wamid.HBgLBENCH${runTag}${(wamidSeq++).toString(36).toUpperCase().padStart(7, '0')}`;

/**
 * `count` messages from `customers` customers in round-robin. Each group of customers has its own 6-digit
 * prefix, so wa_ids are 11 digits (a US-style 1 650 55x xxxx) and no group meets another's customers.
 */
export function prepareMany(
  count: number,
  customers: number,
  prefix: string,
  text = 'Hello, I have a question about my order',
): Prepared[] {
  const out: Prepared[] = [];
  for (let i = 0; i < count; i++) out.push(prepare(`${prefix}${String(i % customers).padStart(5, '0')}`, nextWamid(), text));
  return out;
}

export const headersOf = (m: Prepared) => ({ 'content-type': 'application/json', 'x-hub-signature-256': m.signature });

export const GREETING = 'Hi! Thanks for writing to us. How can we help?';
export const WEBHOOK_PATH = '/webhooks/whatsapp';
