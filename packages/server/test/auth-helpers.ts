/** Test helpers for cookie-authenticated requests (web UI sessions). */
import type { FastifyInstance } from 'fastify';

/** A signed-in browser: its cookies and CSRF token. */
export interface Browser {
  cookie: string;
  csrf: string;
  status: number;
  body: Record<string, unknown>;
  setCookies: Array<{ name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string; maxAge?: number }>;
}

/** Signs in with a username and password. */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Browser> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const setCookies = res.cookies as Browser['setCookies'];
  const cookie = setCookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = setCookies.find((c) => c.name === 'tracehub_csrf')?.value ?? '';
  return { cookie, csrf, status: res.statusCode, body: JSON.parse(res.body), setCookies };
}

/** Sends a request as a signed-in browser (cookie, CSRF header unless `csrf` is false, optional project). */
export async function asBrowser(
  app: FastifyInstance,
  browser: Browser,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  options: { csrf?: boolean | string; project?: string } = {},
) {
  const headers: Record<string, string> = { cookie: browser.cookie };
  if (options.csrf !== false) headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : browser.csrf;
  if (options.project) headers['x-tracehub-project'] = options.project;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}
