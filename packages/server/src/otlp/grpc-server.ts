/**
 * OTLP over gRPC: a grpc-js server with the one TraceService/Export method (grpc-trace-service.ts,
 * handled by grpc-export-handler.ts), plaintext HTTP/2, gzip and deflate messages inflated by
 * grpc-js. Off unless TRACEHUB_OTLP_GRPC_PORT is set; server.ts builds it and closes it first on
 * shutdown. See docs/otlp-grpc.md.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { createGrpcExportHandler, grpcMaxMessageBytes, type GrpcExportHandlerOptions } from './grpc-export-handler.js';
import { TRACE_SERVICE_DEFINITION } from './grpc-trace-service.js';

/** What the OTLP/gRPC server needs: where to listen, and the handler's services and limits. */
export interface OtlpGrpcServerOptions extends GrpcExportHandlerOptions {
  host: string;
  /** 0 binds an ephemeral port (see `port` after listen). */
  port: number;
}

/** A built OTLP/gRPC server. */
export interface OtlpGrpcServer {
  /** Binds and starts serving; answers the bound port. */
  listen(): Promise<number>;
  /** The bound port once listening. */
  readonly port: number | undefined;
  /** `host:port` as clients dial it, once listening. */
  readonly address: string | undefined;
  /** Finishes calls in flight for up to `graceMs`, then cancels the rest. Never rejects. */
  close(graceMs?: number): Promise<void>;
}

/** Keeps abusive connections cheap: bounded streams per connection, idle connections dropped. */
const CHANNEL_OPTIONS = {
  'grpc.max_concurrent_streams': 100,
  'grpc.max_connection_idle_ms': 5 * 60_000,
};

/** Builds the OTLP/gRPC server (not listening yet). */
export function createOtlpGrpcServer(options: OtlpGrpcServerOptions): OtlpGrpcServer {
  const maxMessageBytes = grpcMaxMessageBytes(options.bodyLimitBytes);
  const server = new Server({
    ...CHANNEL_OPTIONS,
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': 1024 * 1024,
  });
  server.addService(TRACE_SERVICE_DEFINITION, { Export: createGrpcExportHandler(options) });
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  let port: number | undefined;
  let closed = false;
  return {
    listen() {
      return new Promise((resolve, reject) => {
        server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) => {
          if (error) return reject(new Error(`OTLP/gRPC cannot listen on ${host}:${options.port}: ${error.message}`));
          port = bound;
          resolve(bound);
        });
      });
    },
    get port() {
      return port;
    },
    get address() {
      return port === undefined ? undefined : `${host}:${port}`;
    },
    close(graceMs = 5_000) {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
