/** The outbound guard: address classes, allow settings, save-time URL checks and the connect-time lookup (DNS rebinding). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, createOutboundGuard, embeddedIpv4, type Resolver } from './outbound-guard.js';
import { createGuardedFetch, TargetRefusedError } from './guarded-fetch.js';
import { maskUrl, shortReason } from './outbound-text.js';

const STRICT = { allowPrivate: false, allowCidrs: [] };

describe('address classes', () => {
  it('refuses loopback, private, CGNAT, link-local, unspecified, multicast and their IPv6 forms', () => {
    const refused = [
      '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.254',
      '169.254.169.254', '0.0.0.0', '224.0.0.1', '239.255.255.250', '255.255.255.255', '198.18.0.1',
      '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:a00:1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '::127.0.0.1',
    ];
    for (const address of refused) expect([address, classifyAddress(address)]).toEqual([address, expect.any(String)]);
    expect(classifyAddress('169.254.169.254')).toMatch(/link-local/);
    expect(classifyAddress('::ffff:127.0.0.1')).toMatch(/loopback, inside an IPv6 address/);
  });

  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect([address, classifyAddress(address)]).toEqual([address, null]);
    }
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2606:4700::1')).toBeNull();
  });

  it('allows everything with allowPrivate, and listed CIDRs only with an allow-list', () => {
    expect(createOutboundGuard({ allowPrivate: true, allowCidrs: [] }).refuseAddress('127.0.0.1')).toBeNull();
    const listed = createOutboundGuard({ allowPrivate: false, allowCidrs: ['10.1.0.0/16', 'fd00::/8'] });
    expect(listed.refuseAddress('10.1.2.3')).toBeNull();
    expect(listed.refuseAddress('::ffff:10.1.2.3')).toBeNull();
    expect(listed.refuseAddress('fd00::5')).toBeNull();
    expect(listed.refuseAddress('10.2.0.1')).toMatch(/10\.2\.0\.1, a private address/);
    expect(listed.refuseAddress('127.0.0.1', true)).toBeNull(); // a connection that opted in
  });
});

describe('save-time URL checks', () => {
  const guard = createOutboundGuard(STRICT);
  it('refuses private targets by literal address and by name, and URLs that do not resolve', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.0.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://localhost:1/']) {
      expect([url, await guard.checkUrl(url)]).toEqual([url, expect.stringMatching(/resolves to .*(loopback|private|link-local)/)]);
    }
    expect(await guard.checkUrl('http://does-not-exist.invalid/')).toMatch(/does not resolve/);
    expect(await guard.checkUrl('ftp://8.8.8.8/')).toMatch(/only http and https/);
    expect(await guard.checkUrl('https://8.8.8.8/hook')).toBeNull();
  });
});

describe('connect-time checks', () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('checks the address it connects to: a name that resolved publicly when saved and privately now is refused', async () => {
    let calls = 0;
    // DNS rebinding: the first answer is public, every later one is the loopback address.
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const guard = createOutboundGuard(STRICT, rebinding);
    expect(await guard.checkUrl(`http://rebind.test:${port}/`)).toBeNull();
    const before = hits;
    await expect(createGuardedFetch(guard)(`http://rebind.test:${port}/`)).rejects.toBeInstanceOf(TargetRefusedError);
    await expect(createGuardedFetch(guard)(`http://127.0.0.1:${port}/`)).rejects.toThrow(/loopback/);
    expect(hits).toBe(before);
  });

  it('refuses a name with one private address among public ones, and connects to the checked address when allowed', async () => {
    const mixed: Resolver = async () => [{ address: '8.8.8.8', family: 4 }, { address: '127.0.0.1', family: 4 }];
    await expect(createGuardedFetch(createOutboundGuard(STRICT, mixed))(`http://mixed.test:${port}/`)).rejects.toThrow(/127\.0\.0\.1/);
    const local: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const allowed = createGuardedFetch(createOutboundGuard({ allowPrivate: true, allowCidrs: [] }, local));
    const response = await allowed(`http://anything.test:${port}/`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect([response.status, await response.text()]).toEqual([200, 'ok']);
  });
});

describe('shown text', () => {
  it('masks credentials in URLs', () => {
    expect(maskUrl('https://user:pa55@hooks.example.com/a/b?token=abc&x=1#frag')).toBe('https://***:***@hooks.example.com/a/b?token=***&x=***#***');
    expect(maskUrl('https://hooks.example.com/services/T0/B0')).toBe('https://hooks.example.com/services/T0/B0');
    expect(maskUrl('not a url?key=1')).toBe('not a url?***');
  });

  it('cuts upstream text to a short single line without the key', () => {
    const reason = shortReason(`bad key sk-live-123456\u0000\u001b[31m ${'x'.repeat(500)}`, ['sk-live-123456']);
    expect(reason).not.toContain('sk-live');
    expect(reason).not.toMatch(/[\u0000-\u001f]/);
    expect(reason.length).toBeLessThanOrEqual(201);
  });
});
