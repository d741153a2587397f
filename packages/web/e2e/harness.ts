/**
 * Browser test harness: the BUILT server as a child process on a temp data dir, Debian's Chromium
 * driven by playwright-core, seeding over HTTP, screenshots and the raw-key scan.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../../server/test/process.js';
import { flattenKeys } from '../src/shared/i18n/locale-shape.js';
import { en } from '../src/shared/i18n/locales/en.js';
import { ko } from '../src/shared/i18n/locales/ko.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../scripts/test-prerequisites.mjs';

/** Where Chromium is expected (Debian's package; scripts/test-prerequisites.mjs installs it for npm test). */
export { CHROMIUM_PATH };
/** The first admin's password in every browser test. */
export const ADMIN_PASSWORD = 'e2e-admin-password-1';
/** The bootstrap API key of the test server (the default, dev-key). */
export const API_KEY = 'dev-key';

const WEB_DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** A running server and a browser context signed in as nobody yet. */
export interface E2E {
  server: ServerProcess;
  context: BrowserContext;
  page: Page;
  url: string;
  close(): Promise<void>;
}

/** Fails (never skips) when Chromium or the build is missing, with what to do about it. */
export function checkPrerequisites(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(CHROMIUM_MISSING);
  }
  for (const file of [SERVER_MAIN, WEB_DIST]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run "npm run build" before the browser tests.`);
  }
}

/** Starts the built server (SQLite in a temp dir) and Chromium with a fresh profile. */
export async function startE2E(options: { locale?: string; env?: Record<string, string> } = {}): Promise<E2E> {
  checkPrerequisites();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-e2e-data-'));
  const server = await startServerProcess({
    TRACEHUB_DATA_DIR: dataDir,
    TRACEHUB_DATABASE_URL: '',
    TRACEHUB_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...options.env,
  });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      locale: options.locale ?? 'en-US',
      viewport: { width: 1440, height: 900 },
      baseURL: server.url,
    });
  } catch (error) {
    await stopServerProcess(server);
    throw error;
  }
  // Generous: several browser test files may share two cores with their servers.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    server,
    context,
    page,
    url: server.url,
    async close() {
      await context.close().catch(() => undefined);
      await stopServerProcess(server);
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends a JSON request to the test server with the bootstrap API key; answers status and body. */
export async function api(url: string, method: string, route: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { 'x-api-key': API_KEY, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/**
 * Sends a JSON request as the signed-in instance administrator `admin` (cookie + CSRF token): users,
 * projects and members are instance administration, which no API key may do.
 */
export async function adminApi(url: string, method: string, route: string, body?: unknown) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('tracehub_csrf='))?.slice('tracehub_csrf='.length) ?? '';
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { cookie: cookies.join('; '), 'x-csrf-token': decodeURIComponent(csrf), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** Signs in through the login form and waits for the dashboard. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('[data-testid="user-chip"]').waitFor();
}

/** Saves a full-page screenshot under e2e/screenshots/ (only when missing, or with TRACEHUB_UPDATE_SCREENSHOTS=1). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (fs.existsSync(file) && process.env.TRACEHUB_UPDATE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

const KEYS = flattenKeys(en as unknown as Record<string, unknown>);

/** Translation keys (or `{{placeholders}}`) visible on the page: what an untranslated string looks like. */
export async function rawKeysOnPage(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const found = KEYS.filter((key) => new RegExp(`(^|[^\\w.])${key.replace(/\./g, '\\.')}($|[^\\w.])`).test(text));
  const placeholders = text.match(/\{\{\s*\w+\s*\}\}/g) ?? [];
  return [...found, ...placeholders];
}

/** Every text of a catalogue without placeholders, with letters, at least 3 characters. */
const catalogueTexts = (resource: unknown): Set<string> => {
  const out = new Set<string>();
  const walk = (node: unknown) => {
    if (typeof node === 'string') {
      if (node.length >= 3 && /\p{L}/u.test(node) && !node.includes('{{')) out.add(node.trim());
    } else if (node && typeof node === 'object') for (const value of Object.values(node)) walk(value);
  };
  walk(resource);
  return out;
};
const EN_TEXTS = catalogueTexts(en);
const KO_TEXTS = catalogueTexts(ko);
/** API values the UI must translate before showing them (statuses, severities, item states). */
const RAW_API_WORDS = new Set([
  'active', 'archived', 'skipped', '(none)', 'pending', 'delivering', 'delivered', 'failed', 'open', 'acknowledged', 'resolved',
  'running', 'success', 'completed', 'interrupted', 'info', 'low', 'medium', 'high', 'critical', 'pass', 'fail',
]);

/**
 * Visible texts that belong to the other language: a whole text node equal to a text of the other
 * language's catalogue (and not of this one's), and in Korean an untranslated API value. User data
 * (trace names, payloads) is in neither catalogue, so it is never reported.
 */
export async function otherLanguageTexts(page: Page, lang: 'en' | 'ko'): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, pre, code, textarea, option')) continue;
      const box = parent.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      out.push(text);
    }
    return out;
  });
  const [other, own] = lang === 'ko' ? [EN_TEXTS, KO_TEXTS] : [KO_TEXTS, EN_TEXTS];
  return [...new Set(texts.filter((text) => (other.has(text) && !own.has(text)) || (lang === 'ko' && RAW_API_WORDS.has(text))))];
}

/** Timeouts for browser test suites (vitest's defaults are too short for a browser on a busy machine). */
export const E2E_TIMEOUTS = { test: 90_000, hook: 120_000 };

/** expect.poll with a timeout fit for a browser (vitest's default is 1 s). */
export const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
