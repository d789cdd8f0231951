import type { Metrics } from '../observability/metrics.js';
import { WrongExpectedVersionError } from './errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  VerifyResult,
  NewStream,
} from './event-store.port.js';

/** Counts appends, appended events and concurrency conflicts for /metrics, whichever adapter stores them. */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<string, object>[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    try {
      const result = await this.store.appendToStream(streamId, expectedVersion, events, options);
      this.metrics.appends.inc();
      this.metrics.eventsAppended.inc(result.events.length);
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) this.metrics.concurrencyConflicts.inc();
      throw error;
    }
  }

  async appendToNewStreams(streams: readonly NewStream[], options?: AppendOptions): Promise<bigint> {
    try {
      const position = await this.store.appendToNewStreams(streams, options);
      // One write (one transaction on PostgreSQL), however many streams it starts.
      this.metrics.appends.inc();
      this.metrics.eventsAppended.inc(streams.reduce((sum, stream) => sum + stream.events.length, 0));
      return position;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) this.metrics.concurrencyConflicts.inc();
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    return this.store.readAll(options);
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return this.store.verifyStream(streamId);
  }
}
