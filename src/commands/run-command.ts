import { randomUUID } from 'node:crypto';
import type { Decider } from '../../contexts/decider.js';
import { DomainError } from '../../contexts/domain-error.js';
import { WrongExpectedVersionError } from '../event-store/errors.js';
import type { KeyedLock } from './keyed-lock.js';
import type { EventActor, EventStore, NewEvent, RecordedEvent } from '../event-store/event-store.port.js';

/** A decider over one stream: how to fold its events and what a command decides from the state. */
export interface StreamDecider<State, Event extends { type: string; data: object }> {
  streamId: string;
  initial: State;
  evolve(state: State, event: Event, at: string | null): State;
  /** Decides from the freshly folded state; runs again after a lost race. */
  decide(state: State): Event[];
  schemaVersions: Record<Event['type'], number>;
  /** The stream id was just made up (a random uuid): the first attempt skips reading it; a lost race reads as usual. */
  freshStream?: boolean;
  /** A state already folded up to `version` (a long stream read before): only the events after it are read. */
  after?: { state: State; version: number };
}

export interface CommandOutcome<State, Event> {
  state: State;
  /** The events this command recorded (none when it changed nothing). */
  events: Event[];
  /** Global position of the last event written, or of the stream's last event when nothing was written. */
  position: bigint | null;
}

/** The metadata of a command's events; a correlation id is made up when the request brought none. */
export interface CommandMetadata {
  actor: EventActor;
  occurredAt: string;
  correlationId?: string;
  causationId?: string | null;
  [field: string]: unknown;
}

/**
 * Every lost round is another process's commit on the stream (commands within a process queue), so a
 * command loses at most as many rounds in a row as the other processes commit meanwhile: two processes
 * with 25 follow-ups each were seen losing 10 under load. Thirty covers bursts of that size; a longer
 * one from other processes can still end in CONFLICT (the caller retries). The first retry reads again
 * at once (the winner has committed); later ones wait a few milliseconds at random so rivals drift apart.
 */
const MAX_ATTEMPTS = 30;

/**
 * Load, fold, decide, append with the expected version; on a lost race (another process wrote
 * first) fold again and decide again, so a command still valid after the other writer's events
 * goes through and one that no longer is gets the decider's own refusal (ILLEGAL_TRANSITION,
 * CONFLICT, ...). Within this process, commands on one stream queue (KeyedLock).
 */
export function runCommand<State, Event extends { type: string; data: object }>(
  store: EventStore,
  decider: StreamDecider<State, Event>,
  metadata: CommandMetadata,
  streams: KeyedLock,
): Promise<CommandOutcome<State, Event>> {
  return streams.run(decider.streamId, () => attempt(store, decider, metadata));
}

async function attempt<State, Event extends { type: string; data: object }>(
  store: EventStore,
  decider: StreamDecider<State, Event>,
  metadata: CommandMetadata,
): Promise<CommandOutcome<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const from = decider.after ?? { state: decider.initial, version: 0 };
    const history =
      attempt === 1 && decider.freshStream
        ? []
        : await store.readStream(decider.streamId, from.version > 0 ? { fromVersion: from.version + 1 } : undefined);
    const state = foldHistory({ initial: from.state, evolve: decider.evolve }, history);
    const events = decider.decide(state);
    if (events.length === 0) return { state, events, position: history.at(-1)?.globalPosition ?? null };
    try {
      const result = await store.appendToStream(
        decider.streamId,
        from.version + history.length,
        newEvents(decider.schemaVersions, events),
        { metadata: { ...metadata, correlationId: metadata.correlationId ?? randomUUID() } },
      );
      const next = events.reduce((folded, event) => decider.evolve(folded, event, metadata.occurredAt), state);
      return { state: next, events, position: result.lastGlobalPosition };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (attempt >= MAX_ATTEMPTS)
        throw new DomainError('CONFLICT', 'Too many others are changing this at the same moment; try again');
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }
}

/** A decider's events as the store takes them: each with a new id and its type's schema version. */
export function newEvents<Event extends { type: string; data: object }>(
  schemaVersions: Record<Event['type'], number>,
  events: readonly Event[],
): NewEvent<string, object>[] {
  return events.map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: schemaVersions[event.type as Event['type']],
    data: event.data,
  }));
}

export function foldHistory<State, Event extends { type: string; data: object }>(
  decider: Pick<StreamDecider<State, Event>, 'initial' | 'evolve'>,
  history: RecordedEvent[],
): State {
  return history.reduce(
    (state, recorded) =>
      decider.evolve(
        state,
        { type: recorded.type, data: recorded.data } as unknown as Event,
        recorded.metadata.occurredAt,
      ),
    decider.initial,
  );
}

/** Runs a context's decider (contexts/decider.ts) for one command on one stream. */
export function runDecider<Command, State, Event extends { type: string; data: object }, Context>(
  store: EventStore,
  streams: KeyedLock,
  decider: Decider<Command, State, Event, Context>,
  run: { streamId: string; command: Command; context: Context; metadata: CommandMetadata } & Pick<
    StreamDecider<State, Event>,
    'freshStream' | 'after'
  >,
): Promise<CommandOutcome<State, Event>> {
  const { streamId, command, context, metadata, freshStream, after } = run;
  return runCommand(
    store,
    {
      streamId,
      initial: decider.initial,
      evolve: (state, event, at) => decider.evolve(state, event, at),
      decide: (state) => decider.decide(command, state, context),
      schemaVersions: decider.schemaVersions,
      freshStream,
      after,
    },
    metadata,
    streams,
  );
}
