import type { ActedFragment, TypedDocumentString } from '../gql/graphql';
import { request } from './client';

/** A report mutation: one field answering the report after the command and the position of its last event. */
export type ReportMutation<I> = TypedDocumentString<Record<string, ActedFragment>, { input: I }>;

/** Gives a command to a report; answers what the mutation's one field answered. */
export async function perform<I>(mutation: ReportMutation<I>, input: I): Promise<ActedFragment> {
  const answer = await request(mutation, { input });
  return Object.values(answer)[0]!;
}
