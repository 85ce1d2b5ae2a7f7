import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';

/**
 * `TRUST_PROXY`: how many proxies stand in front of the server (`2`), or
 * which addresses are proxies (`10.0.0.0/8, 2001:db8::/32, 192.0.2.7`).
 * Default: none, so `X-Forwarded-For` is ignored and the socket's peer is the
 * client.
 */
export type TrustProxy = number | string | readonly string[];

/** The client's address for a request, as the per-address rate limits count it: an IPv4 address, or an IPv6 /64. */
export type ClientAddress = (c: Context) => string;

type Trust = { hops: number } | { proxies: BlockList };

/** At most this many `X-Forwarded-For` entries are read: a longer header is made up anyway. */
const MAX_HOPS = 32;

/** Drops a port and the IPv4-mapped prefix, so one client is one key whichever way a proxy spells it. */
function normalize(raw: string): string {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address)) address = address.slice(7);
  return address.slice(0, 64);
}

/**
 * The /64 an IPv6 address is in (`2001:db8:0:1::/64`); anything else as it
 * is. One subscriber usually holds a whole /64 and can pick any address in
 * it, so counting addresses would let one client be 2^64 of them.
 */
export function countedAs(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // A dotted IPv4 tail stands for two groups.
  const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - rightGroups)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** Reads a `TRUST_PROXY` value; throws naming the bad entry (never for `undefined`, which trusts nothing). */
export function parseTrustProxy(value: TrustProxy | null | undefined): Trust {
  if (value === undefined || value === null) return { hops: 0 };
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
    const hops = Number(value);
    if (!Number.isInteger(hops) || hops < 0 || hops > MAX_HOPS) throw new Error(`TRUST_PROXY: a number of proxy hops must be 0 to ${MAX_HOPS}`);
    return { hops };
  }
  const entries = (typeof value === 'string' ? value.split(',') : [...value]).map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('TRUST_PROXY: give a number of hops or proxy addresses');
  const proxies = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))) {
      throw new Error(`TRUST_PROXY: "${entry.slice(0, 60)}" is not an IP address or a CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) proxies.addAddress(address, type);
    else proxies.addSubnet(address, Number(prefix), type);
  }
  return { proxies };
}

function isTrusted(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * How the client address is found: the socket's peer, then, through each
 * trusted proxy, the address that proxy appended to `X-Forwarded-For` (read
 * from the right, where proxies append). Entries left of the first untrusted
 * hop are whatever the client wrote and are never believed.
 */
export function clientAddressResolver(trustProxy?: TrustProxy | null): ClientAddress {
  const trust = parseTrustProxy(trustProxy);
  if ('hops' in trust && trust.hops === 0) return (c) => countedAs(normalize(socketAddress(c)));
  const resolve = (c: Context): string => {
    const chain = [normalize(socketAddress(c))];
    const forwarded = c.req.header('X-Forwarded-For');
    if (forwarded) {
      const hops = forwarded.split(',').slice(-MAX_HOPS).map(normalize).filter(Boolean);
      for (let i = hops.length - 1; i >= 0; i--) chain.push(hops[i]!);
    }
    if ('hops' in trust) return chain[Math.min(trust.hops, chain.length - 1)]!;
    for (let i = 0; i < chain.length - 1; i++) if (!isTrusted(trust.proxies, chain[i]!)) return chain[i]!;
    return chain[chain.length - 1]!;
  };
  return (c) => countedAs(resolve(c));
}
