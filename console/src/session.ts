/** What the person signed in with: a bearer token or an integrator API key, kept for this browser tab. */
export type Credential = { kind: 'token'; value: string } | { kind: 'apiKey'; value: string };

const KEY = 'aduan.credential';

export function storedCredential(): Credential | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Credential | null;
    return parsed && (parsed.kind === 'token' || parsed.kind === 'apiKey') && parsed.value ? parsed : null;
  } catch {
    return null;
  }
}

export function storeCredential(credential: Credential | null): void {
  if (credential) sessionStorage.setItem(KEY, JSON.stringify(credential));
  else sessionStorage.removeItem(KEY);
}

/** The headers (or graphql-ws connection parameters) that carry the credential. */
export function credentialHeaders(credential: Credential | null): Record<string, string> {
  if (!credential) return {};
  return credential.kind === 'token'
    ? { authorization: `Bearer ${credential.value}` }
    : { 'x-api-key': credential.value };
}
