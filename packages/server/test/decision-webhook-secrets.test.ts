/**
 * Webhook destinations and outbound targets on both backends: private targets refused at save time and at
 * connect time unless the operator allows them; a destination's own secret (shown once) signs its deliveries;
 * URLs masked for read keys and whole for admins; policies may name destinations only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { webhookDestinationViewSchema, webhookSecretAnswerSchema } from '@tracehub/core';
import { BACKENDS, createTestStore, type Backend } from '../src/storage/testing/test-stores.js';
import type { DecisionConfig } from '../src/decision/decision-config.js';
import { verifyWebhookSignature } from '../src/decision/webhook-signature.js';
import {
  createDestination,
  decisionSettings,
  PRIVATE_TARGETS_ALLOWED,
  SEED_DECIDE,
  SEED_POLICY,
  send,
  startDecisionServer,
  startReceiver,
  waitFor,
} from '../src/decision/testing/decision-test-kit.js';
import { SEED_TRACE } from './helpers.js';

const GLOBAL_SECRET = 'global-secret';
const PII = { ...SEED_DECIDE, response_payload: { text: '주민번호 900101-1234567' } };
const PRIVATE_URLS = ['http://127.0.0.1:8080/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.0.0.1/', 'http://[::ffff:7f00:1]/'];

describe.each(BACKENDS)('webhook destinations on %s', (backend: Backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const start = async (settings: Partial<DecisionConfig>) => {
    const server = await startDecisionServer(await createTestStore(backend), decisionSettings(settings));
    cleanups.push(server.close);
    return server;
  };
  const receiver = async () => {
    const r = await startReceiver(() => ({ status: 204 }));
    cleanups.push(r.close);
    return r;
  };

  it('refuses private, loopback and link-local URLs (and names resolving to them) unless the operator allows them', async () => {
    const strict = await start({});
    const local = await receiver();
    const localhost = local.url.replace('127.0.0.1', 'localhost');
    for (const [i, url] of [...PRIVATE_URLS, local.url, localhost].entries()) {
      const res = await send(strict.app, 'POST', '/api/v1/webhooks', { name: `hook-${i}`, url });
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.message).toMatch(/^url: the URL is refused because it resolves to .*(loopback|private|link-local).*TRACEHUB_ALLOW_PRIVATE_TARGETS/);
    }
    expect((await send(strict.app, 'GET', '/api/v1/webhooks')).body.items).toEqual([]);

    const open = await start(PRIVATE_TARGETS_ALLOWED);
    expect((await send(open.app, 'POST', '/api/v1/webhooks', { name: 'local', url: localhost })).status).toBe(201);
    const listed = await start({ outbound: { allowPrivate: false, allowCidrs: ['127.0.0.0/8'] } });
    expect((await send(listed.app, 'POST', '/api/v1/webhooks', { name: 'local', url: local.url })).status).toBe(201);
    expect((await send(listed.app, 'POST', '/api/v1/webhooks', { name: 'ten', url: 'http://10.0.0.1/' })).status).toBe(400);
  });

  it('checks the address again when connecting: a refused target fails at once and is never reached', async () => {
    const local = await receiver();
    // TRACEHUB_WEBHOOK_URLS is not checked when saved (it is the operator's), but every connection is.
    const server = await start({ webhookUrls: [local.url.replace('127.0.0.1', 'localhost')] });
    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    await send(server.app, 'POST', '/api/v1/policies', SEED_POLICY);
    await send(server.app, 'POST', '/api/v1/decide', PII);
    const failed = await waitFor(async () => (await send(server.app, 'GET', '/api/v1/notifications?status=failed')).body.items[0]);
    expect(failed).toMatchObject({ attempt_count: 1, last_status_code: null });
    expect(failed.last_error).toMatch(/^refused: it resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(local.received).toHaveLength(0);
  });

  it('signs each destination with its own secret, shown once; the global secret signs TRACEHUB_WEBHOOK_URLS only', async () => {
    const env = await receiver();
    const hooks = await receiver();
    const server = await start({ webhookUrls: [`${env.url}/env`], webhookSecret: GLOBAL_SECRET, ...PRIVATE_TARGETS_ALLOWED });
    const created = await send(server.app, 'POST', '/api/v1/webhooks', { name: 'ops', url: `${hooks.url}/ops` });
    expect(created.status).toBe(201);
    const { destination, secret } = webhookSecretAnswerSchema.parse(created.body);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const again = await createDestination(server.app, 'audit', `${hooks.url}/audit`);
    expect(again.secret).not.toBe(secret);
    expect((await send(server.app, 'POST', '/api/v1/webhooks', { name: 'ops', url: `${hooks.url}/x` })).status).toBe(409);
    // Never answered again.
    const list = await send(server.app, 'GET', '/api/v1/webhooks');
    expect(list.body.items.map((d: unknown) => webhookDestinationViewSchema.strict().parse(d).name)).toEqual(['audit', 'ops']);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify((await send(server.app, 'GET', `/api/v1/webhooks/${destination.destination_id}`)).body)).not.toContain(secret);

    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    const policy = { ...SEED_POLICY, definition: { ...SEED_POLICY.definition, webhooks: ['ops'] } };
    expect((await send(server.app, 'POST', '/api/v1/policies', policy)).status).toBe(201);
    await send(server.app, 'POST', '/api/v1/decide', PII);
    await waitFor(() => env.received.length === 1 && hooks.received.length === 1);
    const [toOps] = hooks.received;
    expect(toOps.url).toBe('/ops');
    expect(verifyWebhookSignature(secret, toOps.body, toOps.headers['x-tracehub-signature'] as string)).toBe(true);
    expect(verifyWebhookSignature(GLOBAL_SECRET, toOps.body, toOps.headers['x-tracehub-signature'] as string)).toBe(false);
    expect(verifyWebhookSignature(GLOBAL_SECRET, env.received[0].body, env.received[0].headers['x-tracehub-signature'] as string)).toBe(true);

    // A rotated secret signs the next deliveries; the old one no longer does.
    const rotated = await send(server.app, 'POST', '/api/v1/webhooks/ops/rotate-secret');
    expect(rotated.body.secret).not.toBe(secret);
    await send(server.app, 'POST', '/api/v1/decide', { ...PII, idempotency_key: 'after-rotation' });
    await waitFor(() => hooks.received.length === 2);
    const signature = hooks.received[1].headers['x-tracehub-signature'] as string;
    expect(verifyWebhookSignature(rotated.body.secret, hooks.received[1].body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, hooks.received[1].body, signature)).toBe(false);
  });

  it('refuses policies naming webhook URLs or unknown destinations, with the reason', async () => {
    const server = await start(PRIVATE_TARGETS_ALLOWED);
    const withUrl = await send(server.app, 'POST', '/api/v1/policies', { ...SEED_POLICY, definition: { rules: [], webhooks: ['https://hooks.example.com/x'] } });
    expect(withUrl.status).toBe(400);
    expect(withUrl.body.message).toMatch(/^definition\.webhooks\[0\]: is a URL, which is no longer accepted: create a destination with POST \/api\/v1\/webhooks/);
    const unknown = await send(server.app, 'POST', '/api/v1/policies', { ...SEED_POLICY, definition: { rules: [], webhooks: ['pager'] } });
    expect(unknown.body.message).toMatch(/names the webhook destination "pager", which does not exist in this project/);
  });

  it('masks credentials in URLs for read keys and shows them whole to admins', async () => {
    const hooks = await receiver();
    const secretUrl = `${hooks.url.replace('http://', 'http://bot:pa55word@')}/in?token=tok-123&channel=ops`;
    const server = await start({ webhookUrls: [`${hooks.url}/env?sig=sig-456`], ...PRIVATE_TARGETS_ALLOWED });
    await createDestination(server.app, 'ops', secretUrl);
    const keyAnswer = await send(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] });
    expect(keyAnswer.status).toBe(201);
    const readKey = keyAnswer.body.key as string;
    expect(readKey).toEqual(expect.any(String));
    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    await send(server.app, 'POST', '/api/v1/policies', { ...SEED_POLICY, definition: { ...SEED_POLICY.definition, webhooks: ['ops'] } });
    const decided = await send(server.app, 'POST', '/api/v1/decide', PII);
    await waitFor(() => hooks.received.length === 2);

    const asReader = (url: string) => send(server.app, 'GET', url, undefined, 'application/json', readKey);
    const readerViews = [
      await asReader('/api/v1/webhooks'), await asReader('/api/v1/webhooks/ops'), await asReader('/api/v1/notifications'),
      await asReader(`/api/v1/cases/${decided.body.case_id}`),
    ].map((r) => JSON.stringify(r.body));
    for (const text of readerViews) {
      for (const secret of ['pa55word', 'tok-123', 'sig-456', 'bot:']) expect(text).not.toContain(secret);
    }
    expect((await asReader('/api/v1/webhooks/ops')).body.url).toBe(`${hooks.url.replace('http://', 'http://***:***@')}/in?token=***&channel=***`);
    const urls = (await asReader('/api/v1/notifications')).body.items.map((n: { url: string }) => n.url).sort();
    expect(urls).toEqual([`${hooks.url}/env?sig=***`, `${hooks.url.replace('http://', 'http://***:***@')}/in?token=***&channel=***`].sort());

    const admin = (await send(server.app, 'GET', '/api/v1/notifications')).body.items.map((n: { url: string }) => n.url).sort();
    expect(admin).toEqual([`${hooks.url}/env?sig=sig-456`, secretUrl].sort());
    expect((await send(server.app, 'GET', '/api/v1/webhooks/ops')).body.url).toBe(secretUrl);
    // The receiver got the credentials it was configured with.
    expect(hooks.received.map((r) => r.headers.authorization ?? r.url).sort()).toEqual(
      ['/env?sig=sig-456', `Basic ${Buffer.from('bot:pa55word').toString('base64')}`].sort(),
    );
  });

  it('never calls a judge URL or webhook URL of a version stored before connections and destinations; read keys see them masked', async () => {
    const local = await receiver();
    const server = await start(PRIVATE_TARGETS_ALLOWED);
    const [project] = await server.store.projects.listProjects();
    const legacy = {
      judge: { base_url: `${local.url}/v1?key=leak-1`, model: 'm', api_key_env: 'TRACEHUB_WEBHOOK_SECRET' },
      webhooks: [`${local.url}/hook?token=leak-2`],
      rules: SEED_POLICY.definition.rules,
    };
    await server.store.decisions.addPolicyVersion({
      project_id: project.project_id, policy_id: 'legacy-id', name: 'legacy', description: null, definition: JSON.stringify(legacy),
      effective_from: 0, activate: true, at: Date.now() * 1000,
    });
    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    const decided = await send(server.app, 'POST', '/api/v1/decide', PII);
    expect(decided.body).toMatchObject({ action: 'ESCALATE', reason_code: 'JUDGE_UNAVAILABLE' });
    expect((await send(server.app, 'GET', `/api/v1/cases/${decided.body.case_id}`)).body.notifications).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(local.received).toHaveLength(0);

    const readKey = (await send(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] })).body.key as string;
    const asReader = (await send(server.app, 'GET', '/api/v1/policies/legacy/versions', undefined, 'application/json', readKey)).body.items[0].definition;
    expect(asReader.judge.base_url).toBe(`${local.url}/v1?key=***`);
    expect(asReader.webhooks).toEqual([`${local.url}/hook?token=***`]);
    const asAdmin = (await send(server.app, 'GET', '/api/v1/policies/legacy/versions')).body.items[0].definition;
    expect(asAdmin.webhooks).toEqual(legacy.webhooks);
  });

  it('fails queued notifications of a deleted destination without sending them', async () => {
    let up = false;
    const hooks = await startReceiver(() => ({ status: up ? 204 : 503 }));
    cleanups.push(hooks.close);
    const server = await start({ ...PRIVATE_TARGETS_ALLOWED, webhookBackoffMs: 300, webhookMaxBackoffMs: 300 });
    await createDestination(server.app, 'ops', hooks.url);
    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    await send(server.app, 'POST', '/api/v1/policies', { ...SEED_POLICY, definition: { ...SEED_POLICY.definition, webhooks: ['ops'] } });
    await send(server.app, 'POST', '/api/v1/decide', PII);
    await waitFor(() => hooks.received.length === 1);
    expect((await send(server.app, 'DELETE', '/api/v1/webhooks/ops')).body).toMatchObject({ deleted: true });
    up = true;
    const failed = await waitFor(async () => (await send(server.app, 'GET', '/api/v1/notifications?status=failed')).body.items[0]);
    expect(failed.last_error).toBe('the webhook destination was deleted');
    expect(hooks.received).toHaveLength(1);
  });
});
