export interface GraphQLResponse<Data> {
  status: number;
  body: { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** POSTs a GraphQL operation to a running service, as an integrator would. */
export async function graphql<Data = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token.includes(' ') ? token : `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Data>['body'] };
}
