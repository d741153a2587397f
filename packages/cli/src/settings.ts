/** Where the CLI connects: the Trace Hub server and, for `collect --source langfuse`, a Langfuse server. */

/** Connection to a Trace Hub server. */
export interface TraceHubSettings {
  /** Base URL (TRACEHUB_HOST, default http://localhost:3000). */
  host: string;
  /** API key (TRACEHUB_API_KEY, default dev-key). */
  apiKey: string;
}

/** Connection to a Langfuse server's public API. */
export interface LangfuseSettings {
  /** LANGFUSE_HOST (default http://localhost:3000, as in the seed's local setup). */
  host: string;
  publicKey?: string;
  secretKey?: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Trace Hub settings from global options, then the environment, then defaults. */
export function traceHubSettings(env: NodeJS.ProcessEnv, options: { host?: string; apiKey?: string } = {}): TraceHubSettings {
  return {
    host: trimSlash(options.host ?? env.TRACEHUB_HOST ?? 'http://localhost:3000'),
    apiKey: options.apiKey ?? env.TRACEHUB_API_KEY ?? 'dev-key',
  };
}

/** Langfuse settings from the environment (LANGFUSE_HOST, LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY). */
export function langfuseSettings(env: NodeJS.ProcessEnv): LangfuseSettings {
  return {
    host: trimSlash(env.LANGFUSE_HOST ?? env.LANGFUSE_BASE_URL ?? 'http://localhost:3000'),
    publicKey: env.LANGFUSE_PUBLIC_KEY || undefined,
    secretKey: env.LANGFUSE_SECRET_KEY || undefined,
  };
}
