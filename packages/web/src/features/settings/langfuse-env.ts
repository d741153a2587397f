/** The environment a Langfuse SDK needs to send to this Trace Hub with a newly issued key pair. */

/** `LANGFUSE_BASE_URL` (v3+ SDKs) and `LANGFUSE_HOST` (Python v2, JS v3) both point at `origin`. */
export function langfuseEnvSnippet(origin: string, publicKey: string, secretKey: string): string {
  const host = origin.replace(/\/+$/, '');
  return [`LANGFUSE_BASE_URL=${host}`, `LANGFUSE_HOST=${host}`, `LANGFUSE_PUBLIC_KEY=${publicKey}`, `LANGFUSE_SECRET_KEY=${secretKey}`].join('\n');
}
