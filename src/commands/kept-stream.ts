import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';

/**
 * One stream folded in memory and read on from its last event when the copy is older than asked
 * (a registry every request consults: API keys, the holiday calendar). A change recorded through
 * this instance is folded in before its caller answers (`recorded`); one recorded elsewhere counts
 * once the copy is read on.
 */
export class KeptStream<State> {
  private folded: State;
  private version = 0;
  /** The global position of the newest event folded in. */
  private position = 0n;
  private checkedAt = -Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly streamId: string,
    initial: State,
    private readonly evolve: (state: State, event: RecordedEvent) => State,
  ) {
    this.folded = initial;
  }

  /** The fold, as the stream was at most `maxAgeMs` ago (0: now). */
  async current(maxAgeMs: number): Promise<State> {
    await this.refresh(maxAgeMs);
    return this.folded;
  }

  /** This instance recorded events up to `position` (null: none): the fold includes them from now on. */
  async recorded(position: bigint | null): Promise<void> {
    // A refresh already under way may have read before the change: read until it is folded in.
    while (position !== null && this.position < position) await this.refresh(0);
  }

  private refresh(maxAgeMs: number): Promise<void> {
    if (performance.now() - this.checkedAt < maxAgeMs) return Promise.resolve();
    this.refreshing ??= (async () => {
      try {
        const started = performance.now();
        for (const event of await this.store.readStream(this.streamId, { fromVersion: this.version + 1 })) {
          this.folded = this.evolve(this.folded, event);
          this.version = event.streamVersion;
          this.position = event.globalPosition;
        }
        this.checkedAt = started;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}
