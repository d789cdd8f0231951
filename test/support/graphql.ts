export interface GraphQLResponse<Data> {
  status: number;
  body: { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** The header a credential travels in: an API key (`aduan_…`) as X-Api-Key, a token as a bearer token. */
export function credentialHeaders(credential: string | undefined): Record<string, string> {
  if (!credential) return {};
  if (credential.startsWith('aduan_')) return { 'x-api-key': credential };
  return { authorization: credential.includes(' ') ? credential : `Bearer ${credential}` };
}

/** POSTs a GraphQL operation to a running service, as an integrator would; `token` may be an API key. */
export async function graphql<Data = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentialHeaders(token) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Data>['body'] };
}
