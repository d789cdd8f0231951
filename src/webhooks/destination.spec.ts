import { describe, expect, it } from '@jest/globals';
import { checkWebhookUrl, DestinationRefused, resolveDestination, type LookupAll } from './destination.js';

const PUBLIC = '93.184.216.34';
const production = { allowPrivateNetworks: false };
const development = { allowPrivateNetworks: true };

/** A resolver that answers the given addresses, in turn when given several answers. */
function answering(...answers: string[][]): LookupAll & { calls: number } {
  const lookup = Object.assign(
    async () => {
      const addresses = answers[Math.min(lookup.calls++, answers.length - 1)];
      return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
    },
    { calls: 0 },
  );
  return lookup;
}

describe('checkWebhookUrl without private networks', () => {
  it.each([
    ['https://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/],
    ['https://10.1.2.3/hook', /private-network/],
    ['https://172.16.0.1/hook', /private-network/],
    ['https://192.168.1.1/hook', /private-network/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://0.0.0.0/hook', /unspecified/],
    ['https://[::1]/hook', /::1 is a loopback address/],
    ['https://[fc00::1]/hook', /unique-local/],
    ['https://[fe80::1]/hook', /link-local/],
    ['https://[::ffff:127.0.0.1]/hook', /\(127\.0\.0\.1\) is a loopback address/],
    ['https://100.64.0.1/hook', /carrier-grade NAT/],
    ['https://localhost/hook', /localhost resolves to .* loopback/],
    ['https://0x7f.1/hook', /loopback/],
    ['https://[::127.0.0.1]/hook', /::7f00:1/],
    ['https://[2002:7f00:1::]/hook', /6to4/],
  ])('refuses %s', async (url, reason) => {
    await expect(checkWebhookUrl(url, production)).rejects.toThrow(reason);
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const lookup = answering([PUBLIC, '10.0.0.5']);
    await expect(checkWebhookUrl('https://hooks.example.com/x', { ...production, lookup })).rejects.toThrow(
      'hooks.example.com resolves to 10.0.0.5, which is a private-network address',
    );
  });

  it('refuses a name that does not resolve', async () => {
    const lookup: LookupAll = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    await expect(checkWebhookUrl('https://nowhere.invalid/x', { ...production, lookup })).rejects.toThrow(
      'nowhere.invalid does not resolve (ENOTFOUND)',
    );
  });

  it.each([
    ['plain http to a public address', `http://${PUBLIC}/hook`, /must use https:/],
    ['ftp:', 'ftp://example.com/hook', /ftp: URLs are not accepted/],
    ['a user and password', 'https://user:pass@example.com/hook', /user name or password/],
    ['a URL over 2,000 characters', `https://${PUBLIC}/${'x'.repeat(2000)}`, /at most 2000/],
    ['what is not a URL', 'not a url', /is not a URL/],
  ])('refuses %s', async (_what, url, reason) => {
    const refusal = checkWebhookUrl(url, { ...production, lookup: answering([PUBLIC]) });
    await expect(refusal).rejects.toThrow(DestinationRefused);
    await expect(refusal).rejects.toThrow(reason);
  });

  it('accepts https to a public address', async () => {
    const url = await checkWebhookUrl(`https://${PUBLIC}/hook`, production);
    expect(url.href).toBe(`https://${PUBLIC}/hook`);
  });

  it('accepts a name that resolves to public addresses only', async () => {
    const lookup = answering([PUBLIC, '2606:2800:220:1:248:1893:25c8:1946']);
    await expect(checkWebhookUrl('https://hooks.example.com/x', { ...production, lookup })).resolves.toBeInstanceOf(
      URL,
    );
  });
});

describe('checkWebhookUrl with private networks (development)', () => {
  it('accepts plain http to loopback', async () => {
    const url = await checkWebhookUrl('http://127.0.0.1:9/x', development);
    expect(url.port).toBe('9');
  });

  it('still wants https for a public address', async () => {
    await expect(checkWebhookUrl(`http://${PUBLIC}/x`, development)).rejects.toThrow(/must use https:/);
  });

  it('still wants https when a name resolves to a public address among private ones', async () => {
    const lookup = answering(['10.0.0.5', PUBLIC]);
    await expect(checkWebhookUrl('http://mixed.example.com/x', { ...development, lookup })).rejects.toThrow(
      /must use https:/,
    );
  });

  it('never accepts the unspecified or a multicast address', async () => {
    await expect(checkWebhookUrl('http://0.0.0.0/x', development)).rejects.toThrow(/unspecified/);
    await expect(checkWebhookUrl('http://224.0.0.1/x', development)).rejects.toThrow(/multicast/);
  });
});

describe('resolveDestination', () => {
  it('answers an IP literal as is, without resolving', async () => {
    const lookup = answering([PUBLIC]);
    const destination = await resolveDestination(new URL('https://[2606:4700::1111]/x'), { ...production, lookup });
    expect(destination).toEqual({ address: '2606:4700::1111', family: 6 });
    expect(lookup.calls).toBe(0);
  });

  it('judges an IPv4-mapped address as the IPv4 one and connects to that', async () => {
    const destination = await resolveDestination(new URL('http://[::ffff:127.0.0.1]/x'), development);
    expect(destination).toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('pins the checked address when DNS answers differently later (rebinding)', async () => {
    const lookup = answering([PUBLIC], ['127.0.0.1']);
    const policy = { ...production, lookup };
    const url = new URL('https://rebind.example.com/x');

    expect(await resolveDestination(url, policy)).toEqual({ address: PUBLIC, family: 4 });
    // Within 30 s the checked answer is reused: the sender connects there, not to a fresh DNS answer.
    expect(await resolveDestination(url, policy)).toEqual({ address: PUBLIC, family: 4 });
    expect(lookup.calls).toBe(1);

    // A fresh check (another policy object has no cache) sees the private answer and refuses it.
    await expect(resolveDestination(url, { ...production, lookup })).rejects.toThrow(
      'rebind.example.com resolves to 127.0.0.1, which is a loopback address',
    );
    expect(lookup.calls).toBe(2);
  });

  it('refuses as checkWebhookUrl does', async () => {
    await expect(resolveDestination(new URL('http://127.0.0.1/x'), production)).rejects.toThrow(DestinationRefused);
  });
});
