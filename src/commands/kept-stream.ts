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
  /** When the last read that completed started (performance.now()). */
  private checkedAt = -Infinity;
  private reading: { startedAt: number; done: Promise<void> } | null = null;

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

  /**
   * This instance recorded events up to `position` (null: none): the fold includes them from now on.
   * Fails when a read started after this call does not reach them (they are not in this stream).
   */
  async recorded(position: bigint | null): Promise<void> {
    if (position === null || this.position >= position) return;
    await this.refresh(0);
    if (this.position < position)
      throw new Error(`${this.streamId} has no event at position ${position} (read up to ${this.position})`);
  }

  /** Reads on unless the last read started within `maxAgeMs`; a read under way that started earlier is waited for, then one more is made. */
  private async refresh(maxAgeMs: number): Promise<void> {
    const cutoff = performance.now() - maxAgeMs;
    for (;;) {
      if (this.checkedAt >= cutoff) return;
      const reading = this.reading;
      if (!reading) break;
      if (reading.startedAt >= cutoff) return reading.done;
      await reading.done.catch(() => undefined);
    }
    const startedAt = performance.now();
    const done = (async () => {
      for (const event of await this.store.readStream(this.streamId, { fromVersion: this.version + 1 })) {
        this.folded = this.evolve(this.folded, event);
        this.version = event.streamVersion;
        this.position = event.globalPosition;
      }
      this.checkedAt = startedAt;
    })().finally(() => {
      if (this.reading?.done === done) this.reading = null;
    });
    this.reading = { startedAt, done };
    return done;
  }
}
