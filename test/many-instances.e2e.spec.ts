import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { allProjections } from '../projections/index.js';
import { REPORT_EVENT_SCHEMA_VERSIONS } from '../contexts/reports/report.events.js';
import { signToken } from '../src/auth/token-verifier.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventLog } from '../src/event-store/postgres-event-log.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { rebuildProjections } from '../src/projection-engine/projection-rebuild.js';
import { M, newReport } from './support/registry-fixture.js';
import { spawnService, type SpawnedService } from './support/spawned-service.js';

const LOAD_MS = 12_000;
const CLIENTS = 12;
const OVERDUE = 60;

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

// Three processes on one database, one killed with SIGKILL: this needs a server database.
(process.env.DATABASE_URL ? describe : describe.skip)('three instances under a mixed load, one killed', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let pool: ReturnType<typeof createPool>;
  const instances: SpawnedService[] = [];
  beforeAll(async () => {
    database = await createScratchDatabase('aduan_test', process.env.DATABASE_URL);
  });
  afterAll(async () => {
    for (const instance of instances) instance.process.kill('SIGKILL');
    await pool?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('loses no acknowledged command, duplicates none, projects like a rebuild and records every deadline once', async () => {
    const watcher = { DEADLINE_WATCH_INTERVAL_MS: '200', PROJECTION_BATCH_SIZE: '50', SHUTDOWN_DELAY_MS: '0' };
    instances.push(await spawnService(database.url, watcher));
    instances.push(...(await Promise.all([spawnService(database.url, watcher), spawnService(database.url, watcher)])));
    dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
    pool = createPool(database.url, 4);
    const alive = new Set(instances);

    const admin = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'admin-1', role: 'ADMIN' });
    const reporter = await signToken(DEVELOPMENT_JWT_SECRET, { sub: 'reporter-1', role: 'REPORTER' });
    /** Sends to one live instance after another until one answers; a connection that fails leaves the outcome unknown, so the same request is sent again. */
    let turn = 0;
    const send = async (
      query: string,
      variables: object,
      token: string,
    ): Promise<{ answer: Answer; retried: boolean }> => {
      for (let attempt = 0; ; attempt++) {
        const live = [...alive];
        const instance = live[turn++ % live.length]!;
        try {
          const response = await fetch(`${instance.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          return { answer: (await response.json()) as Answer, retried: attempt > 0 };
        } catch {
          if (attempt > 20) throw new Error('no instance answered');
        }
      }
    };
    const agency = (
      await send(`mutation { registerAgency(input: { name: "Kota Payakumbuh", type: CITY }) { id } }`, {}, admin)
    ).answer.data.registerAgency.id as string;
    await send(`mutation($a: String!) { connectAgency(input: { agencyId: $a }) { connected } }`, { a: agency }, admin);
    await send(`mutation { addCategory(input: { code: "jalan", name: "Jalan" }) { code } }`, {}, admin);
    const officer = await signToken(DEVELOPMENT_JWT_SECRET, {
      sub: 'officer-a',
      role: 'LIAISON_OFFICER',
      agencyId: agency,
    });

    // Reports whose verification deadline passed long ago: all three watchers find them due at once.
    const store = new PostgresEventStore(pool, { preparedStatements: true });
    for (let i = 0; i < OVERDUE; i++) {
      const reportId = randomUUID();
      await store.appendToStream(
        `report-${reportId}`,
        'no_stream',
        [
          {
            eventId: randomUUID(),
            type: 'ReportSubmitted',
            schemaVersion: REPORT_EVENT_SCHEMA_VERSIONS.ReportSubmitted,
            data: {
              reportId,
              trackingId: `OVD${String(i).padStart(5, '0')}`,
              kind: 'COMPLAINT',
              title: `Terlambat ${i}`,
              description: 'Belum diverifikasi sejak lama.',
              category: null,
              channel: 'SMS',
              location: null,
              attachments: [],
              anonymous: false,
              confidential: false,
              reporterId: null,
              identity: null,
              submittedBy: 'sms',
              verificationDueAt: '2026-01-05T16:59:59.999Z',
            },
          },
        ],
        {
          metadata: {
            correlationId: randomUUID(),
            actor: { id: 'sms', role: 'INTEGRATOR' },
            occurredAt: '2026-01-01T00:00:00.000Z',
            channel: 'SMS',
          },
        },
      );
    }

    // The mixed load: each client submits (with an idempotency key) and takes its reports through verification, disposition, follow-up and resolution.
    const acknowledged: { command: string; trackingId: string; key?: string }[] = [];
    const keys = new Set<string>();
    const steps: [string, (t: string) => object, string][] = [
      ['verify', (t) => ({ input: { trackingId: t, category: 'jalan' } }), admin],
      ['disposition', (t) => ({ input: { trackingId: t, agencyId: agency } }), admin],
      ['start', (t) => ({ input: { trackingId: t } }), officer],
      ['resolve', (t) => ({ input: { trackingId: t, message: 'Sudah diperbaiki' } }), officer],
    ];
    const stopAt = Date.now() + LOAD_MS;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        const key = `client-${c}-${n}`;
        keys.add(key);
        const { answer } = await send(M.submit, { input: { ...newReport, title: key, idempotencyKey: key } }, reporter);
        if (answer.errors) throw new Error(`submit refused: ${JSON.stringify(answer.errors)}`);
        const trackingId = answer.data.submitReport.report.trackingId as string;
        acknowledged.push({ command: 'SubmitReport', trackingId, key });
        for (const [name, input, token] of steps) {
          if (Date.now() >= stopAt) break;
          const { answer: stepAnswer, retried } = await send(M[name as keyof typeof M], input(trackingId), token);
          // A retry after a lost connection may find its first attempt applied: the report moved on, and nothing was applied twice.
          if (stepAnswer.errors && !(retried && stepAnswer.errors[0]?.extensions?.code === 'ILLEGAL_TRANSITION'))
            throw new Error(`${name} refused: ${JSON.stringify(stepAnswer.errors)}`);
          if (!stepAnswer.errors) acknowledged.push({ command: name, trackingId });
        }
      }
    };
    const killer = (async () => {
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS / 3));
      const victim = instances[1]!;
      victim.process.kill('SIGKILL');
      alive.delete(victim);
      await victim.exited;
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), killer]);
    expect(acknowledged.length).toBeGreaterThan(100);

    // Every acknowledged command's events exist exactly once.
    const counts: { tracking_id: string; type: string; n: number }[] = await dataSource.query(
      `SELECT s.data->>'trackingId' AS tracking_id, e.type, count(*)::int AS n
         FROM events e JOIN events s ON s.stream_id = e.stream_id AND s.stream_version = 1
        WHERE e.stream_id LIKE 'report-%' GROUP BY 1, 2`,
    );
    const count = (trackingId: string, type: string) =>
      counts.find((c) => c.tracking_id === trackingId && c.type === type)?.n ?? 0;
    const EVENT_OF: Record<string, string> = {
      SubmitReport: 'ReportSubmitted',
      verify: 'ReportVerified',
      disposition: 'ReportDispositioned',
      start: 'FollowUpStarted',
      resolve: 'ReportResolved',
    };
    const wrong = acknowledged.filter(({ command, trackingId }) => count(trackingId, EVENT_OF[command]!) !== 1);
    expect(wrong).toEqual([]);
    // No submission became two reports, retried or not.
    const [{ duplicates }] = await dataSource.query(
      `SELECT count(*)::int AS duplicates FROM (SELECT data->>'title' FROM events WHERE type = 'ReportSubmitted' GROUP BY 1 HAVING count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);

    // Every overdue report got its missed deadline recorded, once, though three watchers raced for it.
    for (let waited = 0; ; waited += 200) {
      const [{ recorded }] = await dataSource.query(
        `SELECT count(DISTINCT stream_id)::int AS recorded FROM events WHERE type = 'DeadlineMissed'`,
      );
      if (recorded >= OVERDUE) break;
      if (waited > 60_000) throw new Error(`only ${recorded} of ${OVERDUE} missed deadlines recorded`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(
      await dataSource.query(
        `SELECT stream_id, data->>'deadline' AS deadline, count(*)::int AS n FROM events WHERE type = 'DeadlineMissed' GROUP BY 1, 2 HAVING count(*) > 1`,
      ),
    ).toEqual([]);

    // The read models the survivors built equal a rebuild from the events.
    for (let waited = 0; ; waited += 200) {
      const [{ behind }] = await dataSource.query(
        `SELECT count(*)::int AS behind FROM unnest($1::text[]) AS n(name) LEFT JOIN checkpoints c ON c.name = n.name
          WHERE coalesce(c.position, 0) < (SELECT max(global_position) FROM events)`,
        [allProjections().map((p) => p.name)],
      );
      if (behind === 0) break;
      if (waited > 60_000) throw new Error('the read models did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const instance of alive) instance.process.kill('SIGTERM');
    expect(await Promise.all([...alive].map((instance) => instance.exited))).toEqual([0, 0]);
    const snapshot = () =>
      Promise.all(
        allProjections()
          .flatMap((p) => p.tables)
          .map((t) => dataSource.query(`SELECT * FROM ${t} ORDER BY ${t}::text`)),
      );
    const live = await snapshot();
    await rebuildProjections(allProjections(), { store, log: new PostgresEventLog(pool), dataSource, pool });
    expect(await snapshot()).toEqual(live);
  }, 300_000);
});
