/**
 * The OTLP/gRPC Export call, with the checks of `POST /v1/traces`: the same API keys (metadata
 * `x-api-key` or `authorization: Bearer <key>`) and `ingest` scope, the same rate limits (counted
 * apart from HTTP), the same size limits and decoder, and the same OTLP ingest service, so the
 * answer's partial_success counts rejected spans exactly as OTLP/HTTP does. Every failure becomes
 * a gRPC status (grpcStatusOf); nothing a client sends can throw out of the handler.
 */
import { type Metadata, type sendUnaryData, type ServerUnaryCall, status, Metadata as GrpcMetadata } from '@grpc/grpc-js';
import { apiKeyFrom } from '../auth/auth-hook.js';
import { hasScope, type AuthService } from '../auth/auth-service.js';
import {
  DomainError,
  InvalidError,
  RateLimitedError,
  TooLargeError,
  UnauthorizedError,
  ForbiddenError,
  UnavailableError,
  type DomainErrorKind,
} from '../domain-errors.js';
import type { RateLimitConfig } from '../rate-limits.js';
import { decodeOtlpTraceRequest } from './decode-otlp-trace-request.js';
import type { OtlpExportOutcome, OtlpIngestService } from './otlp-ingest-service.js';
import { createWindowCounter } from './grpc-window-counter.js';

/** The gRPC status of each kind of domain error (http-errors.ts has the HTTP statuses). */
export const DOMAIN_ERROR_GRPC_STATUS: Readonly<Record<DomainErrorKind, status>> = {
  invalid: status.INVALID_ARGUMENT,
  unauthorized: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  conflict: status.ALREADY_EXISTS,
  too_large: status.RESOURCE_EXHAUSTED,
  // A quota: OTLP clients do not retry it blindly.
  rate_limited: status.RESOURCE_EXHAUSTED,
  // Busy or down for now: OTLP clients retry UNAVAILABLE with backoff.
  unavailable: status.UNAVAILABLE,
  not_implemented: status.UNIMPLEMENTED,
};

/**
 * Largest gRPC message, compressed or inflated: four times the HTTP body limit, the size an
 * OTLP/HTTP body may inflate to. grpc-js cannot tell the handler whether a message came
 * compressed, so both get the inflated limit (memory per call is bounded the same as HTTP's).
 */
export function grpcMaxMessageBytes(bodyLimitBytes: number): number {
  return bodyLimitBytes * 4;
}

/** The one-line log the handler writes to (a pino logger fits). */
export interface GrpcLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What the Export handler needs. */
export interface GrpcExportHandlerOptions {
  auth: Pick<AuthService, 'authenticate'>;
  otlp: Pick<OtlpIngestService, 'export'>;
  /** The HTTP body limit (TRACEHUB_BODY_LIMIT_MB); messages may be four times it (grpcMaxMessageBytes). */
  bodyLimitBytes: number;
  /** Per-key and per-address limits; absent = none (tests). */
  rateLimits?: RateLimitConfig;
  log: GrpcLog;
}

/** A gRPC status with its message and, when known, a `retry-after` (seconds) trailer. */
export interface GrpcFailure {
  code: status;
  details: string;
  metadata?: Metadata;
}

/** Maps any error thrown while handling an export to its gRPC status; `unexpected` ones are logged. */
export function grpcStatusOf(error: unknown): GrpcFailure & { unexpected: boolean } {
  if (error instanceof DomainError) {
    const retryAfter = error instanceof RateLimitedError || error instanceof UnavailableError ? error.retryAfterSeconds : undefined;
    const metadata = new GrpcMetadata();
    if (retryAfter !== undefined) metadata.set('retry-after', String(retryAfter));
    return { code: DOMAIN_ERROR_GRPC_STATUS[error.kind], details: error.message, metadata, unexpected: false };
  }
  return { code: status.INTERNAL, details: 'The server failed to handle this export; it has been logged.', unexpected: true };
}

/** The API key in the call's metadata: `x-api-key`, else `authorization: Bearer <key>` (as over HTTP). */
export function apiKeyOf(metadata: Metadata): string | undefined {
  return apiKeyFrom(metadata.get('x-api-key')[0], metadata.get('authorization')[0]) || undefined;
}

/** The client address of a call (`ipv4:1.2.3.4:5678`, `[::1]:5678`, … → the address alone). */
export function peerAddress(peer: string): string {
  const bare = peer.replace(/^(ipv4|ipv6|unix):/, '');
  const bracketed = /^\[([^\]]+)\]/.exec(bare);
  if (bracketed) return bracketed[1];
  const colons = bare.split(':').length - 1;
  return colons === 1 ? bare.slice(0, bare.lastIndexOf(':')) : bare;
}

/** Creates the unary Export handler. */
export function createGrpcExportHandler(options: GrpcExportHandlerOptions) {
  const limits = options.rateLimits;
  const failures = limits && limits.failedAuthPerIp > 0 ? createWindowCounter(limits.windowMs) : undefined;
  const perKey = limits && limits.perKey > 0 ? createWindowCounter(limits.windowMs) : undefined;
  const maxMessageBytes = grpcMaxMessageBytes(options.bodyLimitBytes);

  async function exportOnce(call: ServerUnaryCall<Buffer, OtlpExportOutcome>, address: string): Promise<OtlpExportOutcome> {
    if (failures && limits && failures.count(address) >= limits.failedAuthPerIp) {
      const seconds = failures.secondsLeft(address);
      throw new RateLimitedError(`Too many failed authentications from this address; try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    const key = apiKeyOf(call.metadata);
    const context = key ? await options.auth.authenticate(key) : null;
    if (!context) {
      failures?.hit(address);
      throw new UnauthorizedError(
        key ? 'The API key is not valid or has been revoked.' : 'Send an API key in the x-api-key metadata (or authorization: Bearer <key>).',
      );
    }
    if (!hasScope(context.scopes, 'ingest')) throw new ForbiddenError('This API key lacks the "ingest" scope needed here.');
    if (perKey && limits && perKey.hit(context.keyId) > limits.perKey) {
      const seconds = perKey.secondsLeft(context.keyId);
      throw new RateLimitedError(`Too many requests with this API key; try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    // grpc-js refuses a message above max_receive_message_length (maxMessageBytes) before and
    // after inflating it; this check only guards a server built without that option.
    const body = Buffer.isBuffer(call.request) ? call.request : Buffer.alloc(0);
    if (body.length > maxMessageBytes) {
      throw new TooLargeError(`The message is larger than the limit of ${Math.round(maxMessageBytes / 1024 / 1024)} MB; send smaller batches.`);
    }
    const decoded = decodeOtlpTraceRequest(body, 'application/x-protobuf', undefined, maxMessageBytes);
    if (!decoded.ok) throw new InvalidError(decoded.message);
    return options.otlp.export(context.projectId, decoded.request);
  }

  return (call: ServerUnaryCall<Buffer, OtlpExportOutcome>, callback: sendUnaryData<OtlpExportOutcome>): void => {
    const started = performance.now();
    const address = peerAddress(call.getPeer());
    const ms = () => Math.round((performance.now() - started) * 10) / 10;
    exportOnce(call, address).then(
      (outcome) => {
        options.log.info({ rpc: 'TraceService/Export', peer: address, status: 'OK', rejected_spans: outcome.rejectedSpans, ms: ms() }, 'grpc request');
        callback(null, outcome);
      },
      (error: unknown) => {
        const failure = grpcStatusOf(error);
        const fields = { rpc: 'TraceService/Export', peer: address, status: status[failure.code], ms: ms() };
        if (failure.unexpected) options.log.error({ ...fields, err: error }, 'grpc request failed');
        else options.log.info({ ...fields, message: failure.details }, 'grpc request');
        callback({ code: failure.code, details: failure.details, metadata: failure.metadata });
      },
    );
  };
}
