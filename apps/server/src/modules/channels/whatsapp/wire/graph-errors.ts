// Graph API error codes → what the sender should do (reference §6.4). Branch on the code, not the HTTP status.

export type GraphErrorClass =
  /** Per-number throughput exceeded or number in maintenance: back off and throttle the whole number. */
  | 'throughput_limit'
  /** Same business number → same user too fast: back off this recipient only (4^X s). */
  | 'pair_limit'
  /** Meta hiccup, management-call rate limit, 5xx, network error or timeout: retry with backoff. */
  | 'transient'
  /** Outside the 24-hour customer service window: only a template can reach the user now. */
  | 'window_closed'
  /** Token or permission problem: an operator must fix the configuration; retrying cannot help. */
  | 'auth'
  /** The message will never go through as it is: mark it failed. */
  | 'definitive';

const CODES: ReadonlyMap<number, GraphErrorClass> = new Map<number, GraphErrorClass>([
  // Auth and permissions (sync, HTTP 401/403): alert the admin.
  [0, 'auth'], // AuthException
  [190, 'auth'], // access token expired or invalid
  [3, 'auth'], // capability / API method not allowed
  [10, 'auth'], // permission denied
  // 200–299 (permission family) are handled by range below.

  // Throughput.
  [130429, 'throughput_limit'], // rate limit hit: over 80 (up to 1,000) mps for the number
  [131057, 'throughput_limit'], // account in maintenance mode during a throughput upgrade: retry after ~1 min
  [131056, 'pair_limit'], // (business, consumer) pair rate limit: ~1 msg / 6 s per user

  // Transient on Meta's side, or management-call limits.
  [1, 'transient'], // API unknown
  [2, 'transient'], // API service temporarily unavailable
  [4, 'transient'], // app-level API call rate limit (management calls): slow down
  [80007, 'transient'], // WABA-level rate limit (management calls): slow down
  [131000, 'transient'], // something went wrong
  [131016, 'transient'], // service unavailable

  // The 24-hour window.
  [131047, 'window_closed'], // re-engagement message: more than 24 h since the user's last message

  // Definitive. Listed so the table documents them; anything unlisted is definitive too.
  [131026, 'definitive'], // undeliverable: not on WhatsApp, old app, ToS not accepted, blocked us
  [131048, 'definitive'], // spam rate limit (quality-based): no immediate retry
  [131049, 'definitive'], // marketing limit for healthy ecosystem engagement: do not resend for ≥ 24 h
  [131050, 'definitive'], // user stopped marketing messages: honour the opt-out
  [131051, 'definitive'], // unsupported message type
  [131052, 'definitive'], // media download error (inbound)
  [131053, 'definitive'], // media upload error: the payload's media must be fixed first
  [131064, 'definitive'], // messaging limit reached: defer to the next window, not a quick retry
  [131008, 'definitive'], // required parameter missing
  [131009, 'definitive'], // parameter value not valid
  [131021, 'definitive'], // recipient cannot be sender
  [131031, 'definitive'], // account locked: alert
  [131042, 'definitive'], // business eligibility payment issue: billing
  [131062, 'definitive'], // BSUID recipient not supported for this message: send to the phone
  [131063, 'definitive'], // marketing templates disabled on Cloud API
  [130472, 'definitive'], // user's number is part of an experiment
  [130497, 'definitive'], // business restricted from messaging users in this country
  [368, 'definitive'], // temporarily blocked for policy violations: alert
  [133016, 'definitive'], // register/deregister rate limit
  [137000, 'definitive'], // identity key hash mismatch
  // 132xxx (template problems: param count 132000, missing template 132001, text too long 132005, policy
  // 132007, param invalid 132008, format 132012, paused 132015, disabled 132016, flows 132068/132069)
  // fall through to 'definitive': they need a template or configuration fix, not a retry.
]);

/**
 * Classify a Graph API failure. `code` is `error.code` from the response body; null/undefined when there
 * was none (network error, timeout, non-JSON response). A code in the table wins over the HTTP status;
 * without one, HTTP 5xx (or no HTTP status at all: the request never got an answer) is transient,
 * 401/403 is auth, 429 is a throughput limit, anything else definitive.
 */
export function classifyGraphError(code: number | null | undefined, httpStatus?: number | null): GraphErrorClass {
  if (typeof code === 'number') {
    const known = CODES.get(code);
    if (known) return known;
    if (code >= 200 && code <= 299) return 'auth'; // the permission family (#200 … #299)
    if (code >= 132000 && code <= 132999) return 'definitive'; // template problems, whatever the HTTP status
  }
  if (httpStatus == null) return typeof code === 'number' ? 'definitive' : 'transient';
  if (httpStatus >= 500) return 'transient';
  if (typeof code === 'number') return 'definitive';
  if (httpStatus === 401 || httpStatus === 403) return 'auth';
  if (httpStatus === 429) return 'throughput_limit';
  return 'definitive';
}

/** Whether sending the same message again later can succeed without anyone changing anything. */
export function retryable(classification: GraphErrorClass): boolean {
  return classification === 'transient' || classification === 'throughput_limit' || classification === 'pair_limit';
}
