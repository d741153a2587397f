/**
 * Domain errors: what services (and the auth checks) throw for expected failures. Each carries a
 * stable machine code that clients and the UI switch on, one sentence saying what was wrong and
 * what to do, and for bad input the field issues. They know nothing of HTTP: `http-errors.ts`
 * maps each kind to a status code in one place.
 */
import type { FieldIssue } from '@tracehub/core';

/** The kinds of expected failure; `http-errors.ts` gives each one HTTP status. */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'not_implemented';

/** What every domain error may carry besides its message (`code` defaults per kind). */
export interface DomainErrorOptions {
  /** Stable machine code, e.g. `not_found`, `invalid_transition`. */
  code?: string;
  /** Field problems (bad input); answered as `issues`. */
  issues?: FieldIssue[];
}

/** Base of every expected failure. */
export abstract class DomainError extends Error {
  /** Which kind of failure this is (decides the HTTP status). */
  abstract readonly kind: DomainErrorKind;
  /** Stable machine code. */
  readonly code: string;
  /** Field problems, when the failure is about input. */
  readonly issues?: FieldIssue[];

  constructor(message: string, defaultCode: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = options.code ?? defaultCode;
    if (options.issues) this.issues = options.issues;
  }
}

/** Input that cannot be used (code `validation_error` unless given), optionally naming each field. */
export class InvalidError extends DomainError {
  readonly kind = 'invalid';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'validation_error', options);
  }
}

/** The caller is not authenticated (code `unauthorized` unless given). */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'unauthorized', options);
  }
}

/** The caller is known but may not do this (code `forbidden` unless given). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'forbidden', options);
  }
}

/** Something named by the caller does not exist (code `not_found` unless given). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'not_found', options);
  }
}

/** The request clashes with the current state (code `conflict` unless given). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'conflict', options);
  }
}

/** The work asked for is above a limit (code `too_large` unless given). */
export class TooLargeError extends DomainError {
  readonly kind = 'too_large';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'too_large', options);
  }
}

/** Too many requests or attempts (code `rate_limited` unless given); `retryAfterSeconds` when known. */
export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  readonly retryAfterSeconds?: number;
  constructor(message: string, options: DomainErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, 'rate_limited', options);
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The server cannot do the work now (code `unavailable` unless given); `retryAfterSeconds` when known. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  readonly retryAfterSeconds?: number;
  constructor(message: string, options: DomainErrorOptions & { retryAfterSeconds?: number } = {}) {
    super(message, 'unavailable', options);
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A route of a foreign API (the Langfuse one) that Trace Hub does not implement (code `not_implemented`). */
export class NotImplementedError extends DomainError {
  readonly kind = 'not_implemented';
  constructor(message: string, options?: DomainErrorOptions) {
    super(message, 'not_implemented', options);
  }
}

/** Work refused because a work gate is full (code `busy`; retry after a second). */
export class BusyError extends UnavailableError {
  declare readonly retryAfterSeconds: number;
  constructor(message: string) {
    super(message, { code: 'busy', retryAfterSeconds: 1 });
  }
}
