import { describe, expect, it } from 'vitest';
import {
  BusyError,
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  RateLimitedError,
  TooLargeError,
  UnauthorizedError,
  UnavailableError,
  type DomainError,
} from './domain-errors.js';
import { errorAnswer } from './http-errors.js';

const context = { contentType: 'text/plain', bodyLimitBytes: 10 * 1024 * 1024 };
const issues = [{ path: 'items[0].id', message: 'appears twice' }];

describe('errorAnswer', () => {
  const cases: Array<[DomainError, number, string]> = [
    [new InvalidError('Bad input.'), 400, 'validation_error'],
    [new InvalidError('No YAML.', { code: 'invalid_yaml' }), 400, 'invalid_yaml'],
    [new UnauthorizedError('Sign in first.'), 401, 'unauthorized'],
    [new UnauthorizedError('Wrong password.', { code: 'invalid_credentials' }), 401, 'invalid_credentials'],
    [new ForbiddenError('Not yours.'), 403, 'forbidden'],
    [new ForbiddenError('Bad token.', { code: 'csrf_failed' }), 403, 'csrf_failed'],
    [new NotFoundError('No such trace.'), 404, 'not_found'],
    [new ConflictError('Taken.'), 409, 'conflict'],
    [new ConflictError('Resolved.', { code: 'invalid_transition' }), 409, 'invalid_transition'],
    [new TooLargeError('Too big.'), 413, 'too_large'],
    [new TooLargeError('Too many draws.', { code: 'compare_too_large' }), 413, 'compare_too_large'],
    [new RateLimitedError('Slow down.'), 429, 'rate_limited'],
    [new UnavailableError('Too slow.', { code: 'compare_timeout' }), 503, 'compare_timeout'],
    [new BusyError('Busy.'), 503, 'busy'],
  ];
  it.each(cases)('maps %s to its status and code', (error, status, code) => {
    const answer = errorAnswer(error, context);
    expect(answer.statusCode).toBe(status);
    expect(answer.body).toEqual({ error: code, message: error.message });
    expect(answer.unexpected).toBe(false);
  });

  it('answers the field issues when there are some', () => {
    const answer = errorAnswer(new InvalidError('items[0].id appears twice.', { issues }), context);
    expect(answer).toEqual({ statusCode: 400, body: { error: 'validation_error', message: 'items[0].id appears twice.', issues }, unexpected: false });
    const large = errorAnswer(new TooLargeError('Too long.', { issues }), context);
    expect(large.body.issues).toEqual(issues);
  });

  it('asks to retry later only when the error says when', () => {
    expect(errorAnswer(new BusyError('Busy.'), context).retryAfterSeconds).toBe(1);
    expect(errorAnswer(new RateLimitedError('Slow down.', { retryAfterSeconds: 7 }), context).retryAfterSeconds).toBe(7);
    expect(errorAnswer(new RateLimitedError('Slow down.'), context)).not.toHaveProperty('retryAfterSeconds');
    expect(errorAnswer(new UnavailableError('Too slow.'), context)).not.toHaveProperty('retryAfterSeconds');
  });

  it("maps Fastify's own 4xx errors by their status", () => {
    const fastifyError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });
    expect(errorAnswer(fastifyError(413, 'too large'), context)).toEqual({
      statusCode: 413,
      body: { error: 'payload_too_large', message: 'The body is larger than the limit of 10 MB; send smaller batches.' },
      unexpected: false,
    });
    expect(errorAnswer(fastifyError(415, 'unsupported'), context).body).toEqual({
      error: 'unsupported_media_type',
      message: 'Content type text/plain is not accepted; send application/json.',
    });
    expect(errorAnswer(fastifyError(415, 'unsupported'), { bodyLimitBytes: 1 }).body.message).toContain('(none)');
    expect(errorAnswer(fastifyError(400, 'Body is not valid JSON'), context)).toEqual({
      statusCode: 400,
      body: { error: 'bad_request', message: 'Body is not valid JSON' },
      unexpected: false,
    });
  });

  it('answers anything else as an unexpected 500 without its details', () => {
    for (const error of [new Error('secret detail'), Object.assign(new Error('x'), { statusCode: 502 }), 'a string', null]) {
      expect(errorAnswer(error, context)).toEqual({
        statusCode: 500,
        body: { error: 'internal_error', message: 'The server failed to handle this request; it has been logged.' },
        unexpected: true,
      });
    }
  });
});
