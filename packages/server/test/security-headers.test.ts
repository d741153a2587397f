/** Response headers (CSP, no framing, nosniff) on UI and API answers; Secure session cookies behind a trusted TLS proxy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createServer, type RunningServer } from '../src/server.js';
import { tempDir } from '../src/storage/testing/test-stores.js';

const PASSWORD = 'headers-admin-password';

/** A server configured from environment variables, as main.ts does. */
async function start(env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({
    TRACEHUB_DATA_DIR: tempDir(), TRACEHUB_ADMIN_PASSWORD: PASSWORD, TRACEHUB_LOG_LEVEL: 'silent', TRACEHUB_INGEST_WORKER: 'false', ...env,
  });
  return createServer(config, { logger: false });
}

/** Signs in as admin; answers the Set-Cookie attributes by cookie name. */
async function signIn(server: RunningServer, headers: Record<string, string> = {}, remoteAddress?: string) {
  const res = await server.app.inject({
    method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: PASSWORD }, headers, ...(remoteAddress ? { remoteAddress } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookies = res.cookies as Array<{ name: string; value: string; secure?: boolean; httpOnly?: boolean }>;
  return Object.fromEntries(cookies.map((c) => [c.name, c]));
}

describe('security headers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => server?.close());

  const answers: Array<[string, Record<string, string>]> = [
    ['/', {}], ['/traces/some-trace', {}], ['/assets/missing-file.js', {}], ['/health', {}], ['/api/openapi.json', {}],
    ['/api/v1/traces', { 'x-api-key': 'dev-key' }], ['/api/v1/traces', {}], ['/api/v1/no-such-route', { 'x-api-key': 'dev-key' }],
  ];
  it.each(answers)('GET %s carries the CSP, frame-ancestors none, DENY and nosniff', async (url, headers) => {
    const res = await server.app.inject({ method: 'GET', url, headers });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // Plain-http installs (a LAN address) must keep working: no forced upgrade, no HSTS from here.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('the API docs have their own policy: inline styles for Swagger UI, scripts still only from this origin', async () => {
    for (const url of ['/api/docs/', '/api/docs/static/swagger-initializer.js']) {
      const res = await server.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toMatch(/script-src 'self';/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('without TRACEHUB_TRUST_PROXY a forged X-Forwarded-Proto does not make cookies Secure', async () => {
    const cookies = await signIn(server, { 'x-forwarded-proto': 'https' });
    expect(cookies.tracehub_session.secure).toBeFalsy();
    expect(cookies.tracehub_session.httpOnly).toBe(true);
    expect(cookies.tracehub_csrf.secure).toBeFalsy();
  });
});

describe('Secure session cookies behind a TLS proxy', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const startKept = async (env: Record<string, string>) => {
    const s = await start(env);
    servers.push(s);
    return s;
  };

  it('X-Forwarded-Proto https through a trusted proxy makes both cookies Secure (auto)', async () => {
    const server = await startKept({ TRACEHUB_TRUST_PROXY: 'loopback' });
    const viaProxy = await signIn(server, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' });
    expect(viaProxy.tracehub_session.secure).toBe(true);
    expect(viaProxy.tracehub_csrf.secure).toBe(true);
    // Plain http through the same proxy: not Secure (the browser would drop a Secure cookie on http).
    const plain = await signIn(server, { 'x-forwarded-proto': 'http' });
    expect(plain.tracehub_session.secure).toBeFalsy();
    // The same header from an address that is not a trusted proxy is ignored.
    const forged = await signIn(server, { 'x-forwarded-proto': 'https' }, '203.0.113.9');
    expect(forged.tracehub_session.secure).toBeFalsy();
    // /auth/me restores a lost CSRF cookie with the same rule.
    const me = await server.app.inject({
      method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `tracehub_session=${viaProxy.tracehub_session.value}`, 'x-forwarded-proto': 'https' },
    });
    expect(me.statusCode).toBe(200);
    expect((me.cookies as Array<{ name: string; secure?: boolean }>).find((c) => c.name === 'tracehub_csrf')?.secure).toBe(true);
  });

  it('TRACEHUB_SECURE_COOKIES=true marks them Secure over plain http; false never does', async () => {
    const always = await startKept({ TRACEHUB_SECURE_COOKIES: 'true' });
    expect((await signIn(always)).tracehub_session.secure).toBe(true);
    const never = await startKept({ TRACEHUB_SECURE_COOKIES: 'false', TRACEHUB_TRUST_PROXY: 'true' });
    expect((await signIn(never, { 'x-forwarded-proto': 'https' })).tracehub_session.secure).toBeFalsy();
    expect(() => loadConfig({ TRACEHUB_SECURE_COOKIES: 'yes' })).toThrow(/TRACEHUB_SECURE_COOKIES/);
  });
});
