import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorStatus, type ErrorCode, type FieldIssue } from '../errors';

/** One place turns every failure (404s are answered by serveWebApp, which knows the SPA routes) into `{ error: { code, message, issues? } }` with the right status. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      request.log.error({ err }, 'request failed');
    } else {
      request.log.info({ code: appErr.code, msg: appErr.message }, 'request refused');
    }
    const { retryAfterSeconds } = appErr.details;
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
    return reply.status(appErr.status).send({
      error: {
        code: appErr.code,
        // 5xx bodies never carry internals.
        message: appErr.status >= 500 ? 'Something went wrong on our side; it has been logged.' : appErr.message,
        ...(appErr.details.issues ? { issues: appErr.details.issues } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
    });
  });
}

function toAppError(err: FastifyError | AppError | Error): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as FastifyError).validationContext ?? 'body';
    const issues: FieldIssue[] = err.validation.map((v) => ({
      field: fieldName(context, v.instancePath, v.params),
      message: v.message ?? 'is invalid',
    }));
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    return new AppError('validation_failed', `Invalid request — ${summary}`, { issues });
  }
  if (isResponseSerializationError(err)) return new AppError('internal', err.message);
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', `Unsupported content type; send application/json`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', 'The body is not valid JSON');
  }
  if (err instanceof SyntaxError || fe.statusCode === 400) {
    return new AppError('bad_request', `The request could not be read: ${err.message}`);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(codeFor(fe.statusCode), err.message);
  }
  return new AppError('internal', err.message);
}

function fieldName(context: string, instancePath: string, params: Record<string, unknown> | undefined): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = typeof params?.missingProperty === 'string' ? params.missingProperty : '';
  const field = [path, missing].filter(Boolean).join('.') || '(root)';
  return context === 'body' ? field : `${context === 'querystring' ? 'query' : context}.${field}`;
}

function codeFor(status: number): ErrorCode {
  const found = Object.entries(errorStatus).find(([, s]) => s === status);
  return (found?.[0] as ErrorCode | undefined) ?? 'bad_request';
}
