/**
 * TRUST_PROXY as Fastify's `trustProxy`, read as Express read it: a number trusts that many proxies
 * in front of the service (Fastify's own reading of a number trusts none).
 */
export function trustProxy(trust: boolean | number): boolean | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
