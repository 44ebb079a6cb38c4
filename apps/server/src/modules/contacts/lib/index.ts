// Pure helpers for contacts: sentiment of inbound messages and phone numbers. No database, no I/O.
export { scoreSentiment, POSITIVE_ABOVE, NEGATIVE_BELOW } from './sentiment';
export type { SentimentScore, SentimentLabel } from './sentiment';
export { SENTIMENT_MAX_CHARS } from './sentiment-tokens';
export { normalizePhone, waIdToE164, phoneMatchKeys, PHONE_MAX_CHARS } from './phones';
export type { NormalizedPhone, PhoneRejection, CountryCode } from './phones';
