import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';
import { credentialHeaders, type Credential } from '../session';

/** A refusal from the API, kept as the API said it: a person-readable message and its code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The input field or argument the API named as the cause, when it did. */
  get field(): string | null {
    const argument = this.extensions.argument ?? this.extensions.field;
    if (typeof argument === 'string') return argument;
    const problems = this.extensions.problems;
    // class-validator's problems start with the property's path: "location.regionCode must match …".
    if (Array.isArray(problems) && typeof problems[0] === 'string')
      return problems[0].split(' ')[0]!.split('.').at(-1)!;
    return null;
  }
}

interface GraphQLAnswer<R> {
  data?: R | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let credential: Credential | null = null;

/** Every request from now on goes with this credential (null: as the public). */
export function setCredential(next: Credential | null): void {
  credential = next;
  socket?.dispose();
  socket = null;
}

/** Runs one operation over HTTP with the signed-in caller's credential. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentialHeaders(credential) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('The service cannot be reached; check the connection and try again', 'NETWORK');
  }
  const answer = (await response.json().catch(() => ({}))) as GraphQLAnswer<R>;
  const error = answer.errors?.[0];
  if (error) throw new ApiError(error.message, String(error.extensions?.code ?? 'ERROR'), error.extensions);
  if (!answer.data) throw new ApiError(`The service answered ${response.status} without data`, 'ERROR');
  return answer.data;
}

let socket: Client | null = null;

/** Follows a subscription over graphql-ws; returns the function that stops it. */
export function subscribe<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  onData: (data: R) => void,
  onError: (error: ApiError) => void,
): () => void {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: credentialHeaders(credential),
    retryAttempts: 10,
  });
  return socket.subscribe<R>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (answer) => {
        const error = answer.errors?.[0];
        if (error) onError(new ApiError(error.message, String(error.extensions?.code ?? 'ERROR'), error.extensions));
        else if (answer.data) onData(answer.data);
      },
      error: () => onError(new ApiError('The live connection was lost', 'NETWORK')),
      complete: () => undefined,
    },
  );
}
