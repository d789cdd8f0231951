import type { Upcaster } from '../../contexts/upcaster.js';
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

/**
 * The event store as readers should see it: every event read is brought to its type's current
 * schemaVersion by the upcasters, one version at a time, so replays, projections and audits all
 * see current events while the rows stay as they were written (hashes cover the stored form; the
 * integrity checks and the audit bundle read the stored form through the inner store).
 */
export class UpcastingEventStore implements EventStore {
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(
    readonly stored: EventStore,
    upcasters: readonly Upcaster[],
  ) {
    for (const upcaster of upcasters) this.upcasters.set(`${upcaster.type}@${upcaster.fromVersion}`, upcaster);
  }

  appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<string, object>[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.stored.appendToStream(streamId, expectedVersion, events, options);
  }

  appendToNewStreams(streams: readonly NewStream[], options?: AppendOptions): Promise<bigint> {
    return this.stored.appendToNewStreams(streams, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.stored.readStream(streamId, options)).map(this.current);
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    const page = await this.stored.readAll(options);
    return { ...page, events: page.events.map(this.current) };
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return this.stored.verifyStream(streamId);
  }

  private readonly current = (event: RecordedEvent): RecordedEvent => {
    let result = event;
    for (
      let upcaster = this.upcasters.get(`${event.type}@${event.schemaVersion}`);
      upcaster;
      upcaster = this.upcasters.get(`${result.type}@${result.schemaVersion}`)
    ) {
      result = {
        ...result,
        data: upcaster.upcast(result.data, result.metadata),
        schemaVersion: upcaster.fromVersion + 1,
      };
    }
    return result;
  };
}
