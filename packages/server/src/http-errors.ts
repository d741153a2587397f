/**
 * The one place where failures become HTTP answers: domain errors (domain-errors.ts) by their kind,
 * Fastify's own 4xx errors (body too large, wrong content type, bad JSON) by their status, anything
 * else as a logged 500. Every error answer has the shape `{ error, message, issues? }`.
 */
import type { FieldIssue } from '@tracehub/core';
import { DomainError, RateLimitedError, UnavailableError, type DomainErrorKind } from './domain-errors.js';

/** The HTTP status of each kind of domain error. */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  not_implemented: 501,
};

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: string;
  message: string;
  issues?: FieldIssue[];
}

/** How to answer a failed request. */
export interface ErrorAnswer {
  statusCode: number;
  body: ErrorBody;
  /** Seconds for the Retry-After header, when the caller should wait. */
  retryAfterSeconds?: number;
  /** True for unexpected failures (500), which are logged. */
  unexpected: boolean;
}

/** What the mapping needs to know about the request and the server. */
export interface ErrorAnswerContext {
  /** The request's Content-Type header (named in the 415 message). */
  contentType?: string;
  /** The body limit in bytes (named in the 413 message). */
  bodyLimitBytes: number;
}

/** Maps any error thrown while handling a request to its answer. */
export function errorAnswer(error: unknown, context: ErrorAnswerContext): ErrorAnswer {
  if (error instanceof DomainError) {
    const retryAfterSeconds = error instanceof RateLimitedError || error instanceof UnavailableError ? error.retryAfterSeconds : undefined;
    return {
      statusCode: DOMAIN_ERROR_STATUS[error.kind],
      body: { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      unexpected: false,
    };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    const message =
      status === 413
        ? `The body is larger than the limit of ${Math.round(context.bodyLimitBytes / 1024 / 1024)} MB; send smaller batches.`
        : status === 415
          ? `Content type ${context.contentType ?? '(none)'} is not accepted; send application/json.`
          : String((error as { message?: unknown }).message ?? '');
    return { statusCode: status, body: { error: code, message }, unexpected: false };
  }
  return {
    statusCode: 500,
    body: { error: 'internal_error', message: 'The server failed to handle this request; it has been logged.' },
    unexpected: true,
  };
}
