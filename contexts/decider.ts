/**
 * The shape of every context's decider: `decide(command, state, context) → events` and
 * `evolve(state, event, at) → state`, both pure; time, ids and the actor come in with the context. The
 * command runner (src/commands/run-command.ts) loads a stream, folds it, decides and appends with
 * the expected version, deciding again after a lost race.
 */
export interface Decider<Command, State, Event extends { type: string; data: object }, Context> {
  initial: State;
  /** `at`: when the event happened (its metadata's occurredAt), for states that keep times. */
  evolve(state: State, event: Event, at: string | null): State;
  decide(command: Command, state: State, context: Context): Event[];
  schemaVersions: Record<Event['type'], number>;
}
