import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { startApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/database/database.js';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { event } from './contracts/event-store.contract.js';
import { graphql } from './support/graphql.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';

const quiet = { PORT: '1', HOST: '127.0.0.1', LOG_LEVEL: 'error' };
const HEALTH = '{ health { status version database databaseLatencyMs lastGlobalPosition } version }';

describe('the GraphQL service', () => {
  let database: ScratchDatabase;
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
    app = await startApp({ ...loadConfig(quiet), port: 0 }, database);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('migrates an empty database at start and answers health and version', async () => {
    const { status, body } = await graphql(url, HEALTH);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      health: {
        status: 'ok',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        database: database.kind.toUpperCase(),
        lastGlobalPosition: null,
      },
      version: expect.any(String),
    });
  });

  it('reports the newest global position as a string once events exist', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const result = await store.appendToStream(`test-${randomUUID()}`, 'no_stream', [event(), event()]);
    const { body } = await graphql<{ health: { lastGlobalPosition: string } }>(url, HEALTH);
    expect(body.data?.health.lastGlobalPosition).toBe(result.lastGlobalPosition.toString());
  });

  it('answers a malformed query with a coded error', async () => {
    const { body } = await graphql(url, '{ health { nonsense } }');
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('nonsense'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});

describe('the embedded default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-data-'));
  const config = { ...loadConfig({ ...quiet, DATA_DIR: dataDir }), port: 0 };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every event in DATA_DIR across a restart', async () => {
    const streamId = `test-${randomUUID()}`;
    const first = await openDatabase(config);
    expect(first.kind).toBe('embedded');
    let app = await startApp(config, first);
    const written = await app
      .get<EventStore>(EVENT_STORE)
      .appendToStream(streamId, 'no_stream', [event(), event(), event()]);
    await app.close();
    await first.stop();

    const second = await openDatabase(config);
    app = await startApp(config, second);
    try {
      const store = app.get<EventStore>(EVENT_STORE);
      expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(written.events.map((e) => e.eventId));
      expect(await store.verifyStream(streamId)).toMatchObject({ ok: true, version: 3 });
      const { body } = await graphql<{ health: { lastGlobalPosition: string } }>(
        (await app.getUrl()).replace('[::1]', '127.0.0.1'),
        HEALTH,
      );
      expect(body.data?.health.lastGlobalPosition).toBe(written.lastGlobalPosition.toString());
    } finally {
      await app.close();
      await second.stop();
    }
  });

  it('refuses to open a DATA_DIR another process holds, naming the variable', async () => {
    const held = await openDatabase(config);
    try {
      await expect(openDatabase(config)).rejects.toThrow(`DATA_DIR: ${dataDir} is in use by process ${process.pid}`);
    } finally {
      await held.stop();
    }
  });

  it('takes over the lock of a process that died without releasing it', async () => {
    fs.writeFileSync(path.join(dataDir, 'aduan.lock'), '2147483646');
    const reopened = await openDatabase(config);
    await reopened.stop();
    expect(fs.existsSync(path.join(dataDir, 'aduan.lock'))).toBe(false);
  });
});
