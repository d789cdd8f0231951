import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import type { Projection } from '../src/kernel/projection.js';
import { ProjectionRunner } from '../src/projection-engine/projection-runner.js';
import { projectionHarness, type ProjectionHarness } from './support/projection-harness.js';

/** Records the batches it is given and when; it owns no table. */
class BatchLog implements Projection {
  readonly name = 'batch-log';
  readonly tables = [];
  readonly batches: { at: number; streams: string[] }[] = [];
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    this.batches.push({ at: Date.now(), streams: events.map((event) => event.streamId) });
  }
}

describe('a projection runner with PROJECTION_BATCH_INTERVAL_MS', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await projectionHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(condition()).toBe(true);
  };

  it('rests after a batch that was not full, wake-ups or not, then takes what arrived meanwhile in one batch; stop ends a rest', async () => {
    const log = new BatchLog();
    // Polling every minute: every batch here comes from a wake-up or the end of a rest.
    const runner = new ProjectionRunner(log, harness.store, harness.dataSource, harness.pool, {
      batchSize: 100,
      pollIntervalMs: 60_000,
      batchIntervalMs: 400,
    });
    runner.start();
    await until(() => runner.running);
    await harness.givenStream('rest-first', [{ type: 'Noted', data: {} }]);
    const appended = Date.now();
    runner.wakeUp();
    await until(() => log.batches.length === 1);
    expect(log.batches[0]!.at - appended).toBeLessThan(400);
    expect(log.batches[0]!.streams).toEqual(['rest-first']);

    for (const stream of ['rest-a', 'rest-b', 'rest-c']) {
      await harness.givenStream(stream, [{ type: 'Noted', data: {} }]);
      runner.wakeUp();
    }
    await until(() => log.batches.length === 2);
    expect(log.batches[1]!.at - log.batches[0]!.at).toBeGreaterThanOrEqual(390);
    expect(log.batches[1]!.streams).toEqual(['rest-a', 'rest-b', 'rest-c']);

    // Now resting again after the second batch: stop() does not wait for the rest to end.
    const stopping = Date.now();
    await runner.stop();
    expect(Date.now() - stopping).toBeLessThan(300);
  });
});
