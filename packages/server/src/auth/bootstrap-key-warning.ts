/** The startup check that warns while a well-known bootstrap key still works on a reachable address. */

/** The bootstrap key when TRACEHUB_BOOTSTRAP_KEY is not set; printed in every example, so public. */
export const DEFAULT_BOOTSTRAP_KEY = 'dev-key';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '[::1]', '::ffff:127.0.0.1']);

/** True when `host` (the HOST setting) accepts connections from other machines. */
export function listensBeyondLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (LOOPBACK_HOSTS.has(h)) return false;
  return !/^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The warning to log at startup, or null: when the server listens beyond loopback and the bootstrap
 * key (the configured one, or the default `dev-key`) still authenticates (is not revoked).
 * `isActive` answers whether a raw key still authenticates.
 */
export async function bootstrapKeyWarning(
  host: string,
  bootstrapKey: string,
  isActive: (rawKey: string) => Promise<boolean>,
): Promise<string | null> {
  if (!listensBeyondLoopback(host)) return null;
  const candidates = [...new Set([bootstrapKey, DEFAULT_BOOTSTRAP_KEY])];
  for (const key of candidates) {
    if (!(await isActive(key))) continue;
    const which = key === DEFAULT_BOOTSTRAP_KEY ? `the default bootstrap API key "${DEFAULT_BOOTSTRAP_KEY}"` : 'the bootstrap API key (TRACEHUB_BOOTSTRAP_KEY)';
    return (
      `SECURITY WARNING: ${which} is still active and the server listens on ${host}, beyond this machine: ` +
      'anyone who can reach it and knows the key has full admin access. Create your own admin key and revoke this one ' +
      '(Settings → API keys, or DELETE /api/v1/admin/keys/<key_id>), or set HOST=127.0.0.1.'
    );
  }
  return null;
}
