/** Entry point of `npm start`: configuration from the environment (and .env), then listen. */
import 'dotenv/config';
import { loadConfig } from './config.js';
import { createServer } from './server.js';
import { SHUTDOWN_DEADLINE_MS } from './shutdown.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await createServer(config);
  const { app } = server;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Exits by the deadline whatever happens; server.close() bounds each of its steps as well.
    setTimeout(() => {
      app.log.error({ deadline_ms: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await server.close();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  if (server.otlpGrpc) {
    await server.otlpGrpc.listen();
    app.log.info({ address: server.otlpGrpc.address }, 'OTLP/gRPC is listening');
  }
  app.log.info(
    { database: server.store.backend, url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}` },
    'Trace Hub is ready',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
