/**
 * Outbound requests (webhooks, LLM judges) only to public addresses unless the operator allows more.
 * Loopback, private (RFC 1918, CGNAT, ULA), link-local (cloud metadata), unspecified, multicast and
 * reserved addresses — also inside IPv4-mapped, NAT64 and 6to4 IPv6 addresses — are refused. URLs are
 * checked when they are saved, and again at connect time against the resolved address: the socket's
 * DNS lookup is replaced by one that checks every address and hands the checked ones to `connect`
 * (no second resolution, so DNS rebinding cannot slip a private address in between).
 */
import dns from 'node:dns';
import net, { BlockList } from 'node:net';

/** What the operator allows (TRACEHUB_ALLOW_PRIVATE_TARGETS, TRACEHUB_ALLOWED_TARGET_CIDRS). */
export interface OutboundSettings {
  /** Allow every address (development, tests, closed networks). Default false. */
  allowPrivate: boolean;
  /** CIDRs allowed even though they are private (e.g. `10.1.2.0/24`, `fd00::/8`). */
  allowCidrs: string[];
}

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address (default: the system resolver, like sockets use). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Outcome of a check: null when allowed, else a one-sentence reason. */
export type Refusal = string | null;

const BLOCKED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const BLOCKED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved (IPv4-compatible)'],
  ['fc00::', 7, 'private (ULA)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved (site-local)'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: [string, number, string][], type: 'ipv4' | 'ipv6') {
  return ranges.map(([network, prefix, label]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { list, label };
  });
}
const V4 = blockList(BLOCKED_V4, 'ipv4');
const V6 = blockList(BLOCKED_V6, 'ipv6');

/** The 16 bytes of an IPv6 address (`::ffff:1.2.3.4` forms included). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0].toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
}

/** The IPv4 address embedded in an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
export function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12, 16).join('.');
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return b.slice(12, 16).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return null;
}

/** Why an IP address is not a public target (null when it is public). Never consults the allow settings. */
export function classifyAddress(address: string): Refusal {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(bare.split('%')[0]);
  if (family === 4) return V4.find((r) => r.list.check(bare, 'ipv4'))?.label ?? null;
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    if (inner) {
      const label = classifyAddress(inner);
      return label ? `${label}, inside an IPv6 address` : null;
    }
    const plain = bare.split('%')[0];
    return V6.find((r) => r.list.check(plain, 'ipv6'))?.label ?? null;
  }
  return 'not an IP address';
}

const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Text of a refusal shown to whoever configured the target. */
const refusalText = (address: string, label: string) =>
  `it resolves to ${address}, a ${label} address; outbound requests go only to public addresses unless the operator allows it (TRACEHUB_ALLOW_PRIVATE_TARGETS or TRACEHUB_ALLOWED_TARGET_CIDRS)`;

/** Creates the guard from the operator's settings; `resolve` is injectable for tests. */
export function createOutboundGuard(settings: OutboundSettings, resolve: Resolver = systemResolver) {
  const allowed = new BlockList();
  for (const cidr of settings.allowCidrs) {
    const [network, prefix] = cidr.split('/');
    const type = net.isIP(network) === 6 ? 'ipv6' : 'ipv4';
    allowed.addSubnet(network, Number(prefix ?? (type === 'ipv6' ? 128 : 32)), type);
  }

  /** Why connecting to `address` is refused (null when allowed). */
  function refuseAddress(address: string, allowPrivate = false): Refusal {
    if (settings.allowPrivate || allowPrivate) return null;
    const label = classifyAddress(address);
    if (!label) return null;
    const plain = address.replace(/^\[|\]$/g, '').split('%')[0];
    const type = net.isIP(plain) === 6 ? 'ipv6' : 'ipv4';
    const inner = type === 'ipv6' ? embeddedIpv4(plain) : null;
    if (allowed.check(plain, type) || (inner && allowed.check(inner, 'ipv4'))) return null;
    return refusalText(plain, label);
  }

  /** Resolves `hostname` and checks every address; answers the addresses or the refusal. */
  async function resolveChecked(hostname: string, allowPrivate = false): Promise<{ addresses: ResolvedAddress[] } | { refusal: string }> {
    const literal = hostname.replace(/^\[|\]$/g, '');
    const addresses = net.isIP(literal) ? [{ address: literal, family: net.isIP(literal) as 4 | 6 }] : await resolve(hostname);
    if (addresses.length === 0) return { refusal: `the host ${hostname} has no address` };
    for (const a of addresses) {
      const refusal = refuseAddress(a.address, allowPrivate);
      if (refusal) return { refusal };
    }
    return { addresses };
  }

  return {
    refuseAddress,
    resolveChecked,

    /**
     * Save-time check of an http(s) URL: resolves its host and refuses private targets (unless allowed)
     * and URLs that do not resolve. Answers null when the URL may be used.
     */
    async checkUrl(url: string, allowPrivate = false): Promise<Refusal> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return 'it is not a valid URL';
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs are allowed';
      try {
        const checked = await resolveChecked(parsed.hostname, allowPrivate);
        return 'refusal' in checked ? checked.refusal : null;
      } catch (error) {
        return `its host ${parsed.hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`;
      }
    },

    /** A `lookup` for sockets (http.request, net.connect): resolves once, checks every address, connects only to checked ones. */
    lookup(allowPrivate = false): net.LookupFunction {
      return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
        resolveChecked(hostname, allowPrivate).then(
          (checked) => {
            if ('refusal' in checked) {
              const error = Object.assign(new Error(`refused: ${checked.refusal}`), { code: 'ETARGETREFUSED' });
              return callback(error, options.all ? [] : '', 0);
            }
            const wanted = options.family === 4 || options.family === 6 ? checked.addresses.filter((a) => a.family === options.family) : checked.addresses;
            if (options.all) return callback(null, wanted);
            const first = wanted[0];
            if (!first) return callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
            callback(null, first.address, first.family);
          },
          (error: unknown) => callback(error, options.all ? [] : '', 0),
        );
      }) as net.LookupFunction;
    },
  };
}

/** The outbound guard. */
export type OutboundGuard = ReturnType<typeof createOutboundGuard>;
