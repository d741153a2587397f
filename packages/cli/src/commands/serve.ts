/**
 * `tracehub serve [--port N] [--host H] [--data-dir DIR]`: starts the Trace Hub server and web UI,
 * exactly as `npm start` runs it (packages/server's main: `.env`, migrations, listen). The options
 * set the settings `npm start` reads (PORT, HOST, TRACEHUB_DATA_DIR) and win over the environment
 * and `.env`; everything else is configured as for `npm start` (README, configuration table).
 */
import { InvalidArgumentError, type Command } from 'commander';

const port = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`--port must be a port number from 0 to 65535, got "${value}"`);
  return Number(value);
};

interface ServeOptions {
  port?: number;
  host?: string;
  dataDir?: string;
}

/** Adds `serve`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the Trace Hub server and web UI (as npm start does; settings from the environment and .env)')
    .option('-p, --port <port>', 'port to listen on (PORT, default 3000)', port)
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1; 0.0.0.0 for every interface)')
    .option('--data-dir <dir>', 'SQLite data directory (TRACEHUB_DATA_DIR, default ./.tracehub; ignored with TRACEHUB_DATABASE_URL)')
    .action(async (opts: ServeOptions) => {
      if (opts.port !== undefined) process.env.PORT = String(opts.port);
      if (opts.host !== undefined) process.env.HOST = opts.host;
      if (opts.dataDir !== undefined) process.env.TRACEHUB_DATA_DIR = opts.dataDir;
      // The server's own entry point: it reads .env (not overriding what is set here), starts, and
      // stops on SIGINT/SIGTERM; a failure to start is one line and exit 1.
      await import('@tracehub/server/main');
    });
}
