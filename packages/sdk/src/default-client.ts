/**
 * The client `observe()` and `wrapOpenAI()` fall back to when none is passed and none is
 * current: the first client created (unless it opted out), or the one set explicitly.
 */
import type { TraceHubClient } from './trace-hub-client.js';

let defaultClient: TraceHubClient | undefined;

/** Makes `client` the default (or clears it with undefined). */
export function setDefaultClient(client: TraceHubClient | undefined): void {
  defaultClient = client;
}

/** The default client, if any. */
export function getDefaultClient(): TraceHubClient | undefined {
  return defaultClient;
}
