import { AppError } from '../../../platform/errors';
import { GraphApiError } from '../../channels';

/**
 * A failed Business Management API call as staff should see it: Meta's refusal is a 4xx carrying Meta's own
 * words (a bad template, an expired token), never a 500; Meta unreachable or failing is a 503 to retry later.
 */
export function metaRefusal(err: unknown, doing: string): unknown {
  if (!(err instanceof GraphApiError)) return err;
  const meta = { graphCode: err.code, fbtraceId: err.fbtraceId };
  if (err.classification === 'transient' || err.httpStatus === null || err.httpStatus >= 500) {
    return new AppError('unavailable', `Meta could not be reached while ${doing}: ${err.message}`, meta);
  }
  const words = [err.title, err.details].filter(Boolean).join(' — ') || err.message;
  if (err.classification === 'auth') {
    return new AppError('bad_request', `Meta refused this number's access token or permissions while ${doing}: ${words}`, {
      ...meta,
      issues: [{ field: 'channelId', message: `Meta refused the access token: ${words}` }],
    });
  }
  return new AppError('validation_failed', `Meta refused ${doing}: ${words}`, {
    ...meta,
    issues: [{ field: 'template', message: `Meta refused it: ${words}` }],
  });
}
