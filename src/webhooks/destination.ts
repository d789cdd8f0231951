import { promises as dns } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be delivered. A webhook URL is chosen by an integrator, so without these checks
 * the service would POST on their behalf to its own loopback, the private network it runs in, or the
 * cloud metadata endpoint (169.254.169.254): server-side request forgery.
 */

export type LookupAll = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export interface DestinationPolicy {
  /** For development only: lets webhooks reach loopback and private networks, and use plain http: there. */
  allowPrivateNetworks: boolean;
  /** Default: dns.promises.lookup(host, { all: true, verbatim: true }). */
  lookup?: LookupAll;
}

export class DestinationRefused extends Error {
  override readonly name = 'DestinationRefused';
}

export interface Destination {
  address: string;
  family: 4 | 6;
}

const MAX_URL_LENGTH = 2000;
const CACHE_MS = 30_000;
const DEVELOPMENT_HINT = 'set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true for development';

// The phrases people read in a refusal; ranges not listed here are named as ipaddr.js names them.
const RANGE_PHRASES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  linkLocal: 'a link-local address (where cloud metadata services listen)',
  uniqueLocal: 'a unique-local (private IPv6) address',
  unspecified: 'the unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

// No TCP receiver listens on these, whatever the policy; 0.0.0.0 and :: would reach this very host.
const NEVER = new Set(['unspecified', 'multicast', 'broadcast']);

const defaultLookup: LookupAll = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** For createWebhookEndpoint/updateWebhookEndpoint: parses and checks; throws DestinationRefused naming the problem. */
export async function checkWebhookUrl(url: string, policy: DestinationPolicy): Promise<URL> {
  const parsed = parseWebhookUrl(url);
  await judge(parsed, policy);
  return parsed;
}

/**
 * At each delivery: resolves the host (IP literals as is) and checks every address it resolves to;
 * returns the one to connect to, so the caller pins the connection to an address that was checked
 * (a second resolution at connect time could answer differently: DNS rebinding). A successful check
 * is remembered per policy object and hostname for 30 s, so a burst of deliveries to one receiver
 * resolves it once; refusals are not remembered, so a fixed DNS record is picked up at the next try.
 */
export async function resolveDestination(url: URL, policy: DestinationPolicy): Promise<Destination> {
  const parsed = parseWebhookUrl(url.href);
  const cache = cacheOf(policy);
  const key = `${parsed.protocol}//${parsed.hostname}`;
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.destination;
  const [destination] = await judge(parsed, policy);
  for (const [stale, entry] of cache) if (entry.until <= Date.now()) cache.delete(stale);
  cache.set(key, { destination, until: Date.now() + CACHE_MS });
  return destination;
}

function parseWebhookUrl(url: string): URL {
  if (url.length > MAX_URL_LENGTH) {
    throw new DestinationRefused(`the URL is ${url.length} characters long; at most ${MAX_URL_LENGTH} are accepted`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DestinationRefused(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DestinationRefused(`${parsed.protocol} URLs are not accepted; webhooks go to https: URLs`);
  }
  // Credentials in a URL end up in logs and delivery records; receivers authenticate with the signature.
  if (parsed.username || parsed.password) {
    throw new DestinationRefused('the URL carries a user name or password; webhooks are authenticated by signature');
  }
  if (!parsed.hostname) throw new DestinationRefused('the URL names no host');
  return parsed;
}

/** Every address the host resolves to, each checked; the first is the one to connect to. */
async function judge(url: URL, policy: DestinationPolicy): Promise<Destination[]> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = ipaddr.isValid(host);
  const addresses = literal ? [host] : await resolve(host, policy.lookup ?? defaultLookup);
  const checked = addresses.map((address) => checkAddress(address, literal ? null : host, policy));
  // Plain http: would expose payloads and signatures on the way; only a developer's own network is spared.
  if (url.protocol === 'http:' && !(policy.allowPrivateNetworks && checked.every((c) => !c.public))) {
    const where = literal ? host : `${host} (${addresses.join(', ')})`;
    throw new DestinationRefused(`${where} is a public address; webhooks to public addresses must use https:`);
  }
  return checked.map(({ address, family }) => ({ address, family }));
}

async function resolve(host: string, lookup: LookupAll): Promise<string[]> {
  let answers: { address: string }[];
  try {
    answers = await lookup(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DestinationRefused(`${host} does not resolve${code ? ` (${code})` : ''}`);
  }
  if (answers.length === 0) throw new DestinationRefused(`${host} does not resolve`);
  return answers.map((answer) => answer.address);
}

function checkAddress(raw: string, name: string | null, policy: DestinationPolicy): Destination & { public: boolean } {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address is judged as the IPv4 one it is.
    ip = ipaddr.process(raw);
  } catch {
    throw new DestinationRefused(`${name ?? raw} resolves to "${raw}", which is not an IP address`);
  }
  const shown = ip.toString() === raw ? raw : `${raw} (${ip.toString()})`;
  const subject = name ? `${name} resolves to ${shown}, which is` : `${shown} is`;
  const range = ip.range();
  // Outside 2000::/3 nothing is allocated for public use, and ipaddr.js calls some of it 'unicast' (::1.2.3.4).
  const isPublic = range === 'unicast' && (ip.kind() === 'ipv4' || ip.match(ipaddr.IPv6.parse('2000::'), 3));
  const phrase = isPublic ? '' : (RANGE_PHRASES[range] ?? `an address in the special range "${range}"`);
  if (NEVER.has(range)) throw new DestinationRefused(`${subject} ${phrase}; webhooks go to public addresses`);
  if (!isPublic && !policy.allowPrivateNetworks) {
    throw new DestinationRefused(`${subject} ${phrase}; webhooks go to public addresses (${DEVELOPMENT_HINT})`);
  }
  return { address: ip.toString(), family: ip.kind() === 'ipv4' ? 4 : 6, public: isPublic };
}

const caches = new WeakMap<DestinationPolicy, Map<string, { destination: Destination; until: number }>>();

function cacheOf(policy: DestinationPolicy): Map<string, { destination: Destination; until: number }> {
  let cache = caches.get(policy);
  if (!cache) caches.set(policy, (cache = new Map()));
  return cache;
}
