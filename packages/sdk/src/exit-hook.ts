/**
 * Flush on process exit: one `beforeExit` listener for the whole process (registered on first
 * use), which asks every live client to send what it still holds. `beforeExit` does not fire on
 * `process.exit()` or signals; call `shutdown()` yourself there.
 */

/** A client that can send its queue when the process is about to exit. */
export interface ExitFlushable {
  flushOnExit(): void;
}

const clients = new Set<ExitFlushable>();
let registered = false;

function onBeforeExit(): void {
  for (const client of clients) {
    try {
      client.flushOnExit();
    } catch {
      // never let the SDK disturb the host's exit
    }
  }
}

/** Adds `client` to the exit flush; installs the process listener once. */
export function registerExitFlush(client: ExitFlushable): void {
  clients.add(client);
  if (!registered) {
    registered = true;
    process.on('beforeExit', onBeforeExit);
  }
}

/** Removes `client` from the exit flush (after its own shutdown). */
export function unregisterExitFlush(client: ExitFlushable): void {
  clients.delete(client);
}
