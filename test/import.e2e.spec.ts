import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { IMPORT_SCHEMA } from '../contexts/imports/import.schema.js';
import { startTestService, type TestService } from './support/service.js';

const IMPORT = `mutation($input: ImportRecordsInput!) {
  importRecords(input: $input) { batchId lines imported skipped refused events stoppedAt position problems { line reason } }
}`;

const line = (record: object) => JSON.stringify(record);
const agency = line({
  record: 'agency',
  id: 'pyk',
  name: 'Pemerintah Kota Payakumbuh',
  type: 'CITY',
  regionCode: '13.76',
  units: [{ id: 'pupr', name: 'Dinas PUPR' }],
  connections: [{ from: '2016-05-02', decree: 'SK 12/2016' }],
});
const submitted = (at: string, title: string) => ({
  at,
  channel: 'SMS',
  title,
  description: `${title}: laporan warga dari sistem lama.`,
  location: { regionCode: '13.76' },
  reporter: { id: 'warga-1', name: 'Budi', phone: '+62 812 0000 0001' },
});
const resolvedCase = line({
  record: 'case',
  id: 'PYK-2019-001',
  submitted: submitted('2019-03-04T09:00:00+07:00', 'Jalan berlubang'),
  steps: [
    { step: 'verified', at: '2019-03-05T10:00:00+07:00', category: 'infrastruktur' },
    { step: 'dispositioned', at: '2019-03-05T10:05:00+07:00', agency: 'pyk', unit: 'pupr' },
    { step: 'follow_up_started', at: '2019-03-06T08:00:00+07:00' },
    { step: 'resolved', at: '2019-03-20T15:00:00+07:00', message: 'Sudah ditambal' },
    { step: 'accepted', at: '2019-03-21T07:00:00+07:00', rating: 5 },
  ],
});
const impossible = line({
  record: 'case',
  id: 'PYK-2019-002',
  submitted: submitted('2019-04-01T09:00:00+07:00', 'Lampu mati'),
  steps: [{ step: 'resolved', at: '2019-04-02T09:00:00+07:00', message: 'Sudah' }],
});

describe('importing a legacy system', () => {
  let service: TestService;
  let admin: string;

  beforeAll(async () => {
    service = await startTestService();
    admin = await service.token({ sub: 'admin-1', role: 'ADMIN' });
  }, 120_000);
  afterAll(async () => service?.stop());

  it('imports agencies and cases at their original dates, refuses an impossible history by line, and writes nothing twice', async () => {
    const lines = [
      line({ record: 'holiday', date: '2019-03-07', name: 'Hari Raya Nyepi' }),
      line({ record: 'category', code: 'infrastruktur', name: 'Infrastruktur' }),
      agency,
      resolvedCase,
      '{ not json',
      impossible,
      line({ record: 'case', id: 'X', submitted: { at: '2019-01-01', title: 'x', description: 'x' }, steps: [] }),
    ];
    const { importRecords } = await service.ok(IMPORT, { input: { source: 'payakumbuh-app', lines } }, admin);
    expect(importRecords).toMatchObject({ lines: 7, imported: 4, skipped: 0, refused: 3, stoppedAt: null });
    expect(importRecords.problems.map((p: { line: number }) => p.line)).toEqual([5, 6, 7]);
    expect(importRecords.problems[0].reason).toMatch(/invalid JSON/);
    expect(importRecords.problems[1].reason).toBe(
      'step 1: resolved needs an agency, and the report is SUBMITTED with none',
    );
    expect(importRecords.problems[2].reason).toMatch(/submitted\/at/);

    const again = await service.ok(IMPORT, { input: { source: 'payakumbuh-app', lines } }, admin);
    expect(again.importRecords).toMatchObject({ imported: 0, skipped: 4, refused: 3, events: 0 });
    // A run that wrote nothing still answers a position covering what it found there.
    expect(BigInt(again.importRecords.position)).toBeGreaterThanOrEqual(BigInt(importRecords.position));

    const figures = await service.ok(
      `query($min: String) {
        reports(filter: { regionCode: "13.76" }, minPosition: $min) { totalCount edges { node { trackingId status submittedAt rating importedFrom { source originalId } } } }
        connectivitySummary(year: 2016, minPosition: $min) { total { connected newlyConnected } }
      }`,
      { min: importRecords.position },
      admin,
    );
    expect(figures.reports.totalCount).toBe(1);
    expect(figures.reports.edges[0].node).toMatchObject({
      status: 'CLOSED',
      rating: 5,
      importedFrom: { source: 'payakumbuh-app', originalId: 'PYK-2019-001' },
    });
    expect(figures.reports.edges[0].node.submittedAt).toBe('2019-03-04T02:00:00.000Z');
    expect(figures.connectivitySummary.total).toEqual({ connected: 1, newlyConnected: 1 });

    // The past answers as it was: the case just dispositioned on 5 March 2019, the agency's 2019 figures, the trail.
    const trackingId = figures.reports.edges[0].node.trackingId;
    const { agencies } = await service.ok(`{ agencies(filter: { search: "payakumbuh" }) { edges { node { id } } } }`);
    const agencyId = agencies.edges[0].node.id;
    const past = await service.ok(
      `query($t: String!, $a: String!, $min: String) {
        reportAt(trackingId: $t, asOf: "2019-03-05T12:00:00+07:00") { status version deadlines { kind dueAt } }
        agencyCasesAt(agencyId: $a, asOf: "2019-03-05T12:00:00+07:00") { trackingId status }
        agencyPerformance(agencyId: $a, from: "2019-01-01", to: "2020-01-01", minPosition: $min) { received resolved averageSatisfaction slaCompliance }
        reportTimeline(trackingId: $t, minPosition: $min) { eventType occurredAt importedFrom }
        reportHistory(trackingId: $t) { type data metadata globalPosition }
      }`,
      { t: trackingId, a: agencyId, min: importRecords.position },
      admin,
    );
    expect(past.reportAt.status).toBe('DISPOSITIONED');
    // Disposition on Tuesday 5 March 2019; Thursday 7 March is the holiday the file declared, so five
    // working days end on Wednesday 13 March.
    expect(past.reportAt.deadlines).toContainEqual({ kind: 'FIRST_FOLLOW_UP', dueAt: '2019-03-13T16:59:59.999Z' });
    expect(past.agencyCasesAt).toEqual([{ trackingId, status: 'DISPOSITIONED' }]);
    expect(past.agencyPerformance).toEqual({ received: 1, resolved: 1, averageSatisfaction: 5, slaCompliance: 1 });
    expect(past.reportTimeline.map((entry: any) => entry.importedFrom)).toEqual(
      past.reportTimeline.map(() => 'payakumbuh-app'),
    );
    expect(past.reportTimeline[0].occurredAt).toBe('2019-03-04T02:00:00.000Z');
    // The import's position covers every event it wrote.
    for (const event of past.reportHistory)
      expect(BigInt(event.globalPosition)).toBeLessThanOrEqual(BigInt(importRecords.position));
    const submittedEvent = past.reportHistory[0];
    expect(JSON.parse(submittedEvent.metadata).import).toMatchObject({
      source: 'payakumbuh-app',
      originalId: 'PYK-2019-001',
    });
    // The reporter's identity is sealed as a live submission's: nothing of it is readable in the event.
    expect(submittedEvent.data).not.toContain('Budi');
    expect(JSON.parse(submittedEvent.data).identity).toMatchObject({ ciphertext: expect.any(String) });
  });

  it('publishes the schema it checks, and its example file imports cleanly (a dry run first, which writes nothing)', async () => {
    expect(JSON.parse(readFileSync('docs/import-format.schema.json', 'utf8'))).toEqual(IMPORT_SCHEMA);
    const lines = readFileSync('docs/import-example.jsonl', 'utf8').split('\n');
    const input = { source: 'medan-app', lines };
    const dry = await service.ok(IMPORT, { input: { ...input, dryRun: true } }, admin);
    // The category "infrastruktur" is there already (the first test defined it).
    expect(dry.importRecords).toMatchObject({ imported: 9, skipped: 1, refused: 0, problems: [], position: null });
    const { health } = await service.ok(`{ health { lastGlobalPosition } }`);
    const none = await service.ok(
      `query($min: String) { reports(filter: { imported: true, regionCode: "12.71" }, minPosition: $min) { totalCount } }`,
      { min: health.lastGlobalPosition },
      admin,
    );
    expect(none.reports.totalCount).toBe(0);
    const real = await service.ok(IMPORT, { input }, admin);
    expect(real.importRecords).toMatchObject({ imported: 9, refused: 0, events: dry.importRecords.events });
  });

  it('names each refused line and its reason; --strict stops at the first', async () => {
    const base = { record: 'case', submitted: submitted('2019-05-01T09:00:00+07:00', 'Uji impor') };
    const lines = [
      line({
        ...base,
        id: 'R-1',
        steps: [{ step: 'dispositioned', at: '2019-05-01T10:00:00+07:00', agency: 'tidak-ada' }],
      }),
      line({
        ...base,
        id: 'R-2',
        steps: [
          { step: 'verified', at: '2019-05-02T09:00:00+07:00', category: 'infrastruktur' },
          { step: 'dispositioned', at: '2019-05-01T09:30:00+07:00', agency: 'pyk' },
        ],
      }),
      line({ ...base, id: 'R-3', steps: [{ step: 'accepted', at: '2019-05-02T09:00:00+07:00', rating: 6 }] }),
      line({
        ...base,
        id: 'R-4',
        steps: [{ step: 'verified', at: '2019-05-02T09:00:00+07:00', category: 'tidak-ada' }],
      }),
      line({
        ...base,
        id: 'R-5',
        steps: [{ step: 'verified', at: '2019-05-02T09:00:00+07:00', category: 'infrastruktur' }],
      }),
      line({
        ...base,
        id: 'R-6',
        steps: [{ step: 'rejected', at: '2019-05-02T09:00:00+07:00', reason: 'DUPLICATE', duplicateOf: 'R-5' }],
      }),
      line({
        ...base,
        id: 'R-7',
        steps: [{ step: 'rejected', at: '2019-05-02T09:00:00+07:00', reason: 'DUPLICATE', duplicateOf: 'R-99' }],
      }),
      line({ ...base, id: 'R-5', steps: [] }),
      line({ ...base, id: 'R-9', submitted: { ...base.submitted, title: 'Uji \u0000 nol' }, steps: [] }),
      line({
        ...base,
        id: 'R-10',
        steps: [{ step: 'verified', at: '2999-01-01T00:00:00+07:00', category: 'infrastruktur' }],
      }),
    ];
    const input = { source: 'payakumbuh-app', lines, firstLine: 101 };
    const { importRecords } = await service.ok(IMPORT, { input }, admin);
    expect(importRecords).toMatchObject({ imported: 2, refused: 8 });
    expect(importRecords.problems).toEqual([
      { line: 101, reason: 'step 1: agency tidak-ada is neither in this file nor registered' },
      {
        line: 102,
        reason: 'step 2: 2019-05-01T09:30:00+07:00 is before the step it follows (2019-05-02T02:00:00.000Z)',
      },
      { line: 103, reason: '/steps/0/rating must be <= 5' },
      { line: 104, reason: 'submission: category tidak-ada is not in the taxonomy (add it with a category line)' },
      { line: 107, reason: 'step 1: the original R-99 is neither a case of this source nor a report' },
      { line: 108, reason: 'case R-5 is on line 105 already' },
      { line: 109, reason: 'text holds a NUL character or half of a surrogate pair, which cannot be stored' },
      { line: 110, reason: 'step 1: 2999-01-01T00:00:00+07:00 is later than the import itself' },
    ]);
    // The duplicate names the original by the tracking id the import gave it.
    const { reports } = await service.ok(
      `query($min: String) { reports(filter: { imported: true, search: "Uji" }, first: 50, minPosition: $min) {
         edges { node { trackingId status importedFrom { originalId } } } } }`,
      { min: importRecords.position },
      admin,
    );
    const byOriginal = new Map(reports.edges.map(({ node }: any) => [node.importedFrom.originalId, node]));
    const rejected = await service.ok(
      `query($t: String!) { reportHistory(trackingId: $t) { type data } }`,
      { t: (byOriginal.get('R-6') as any).trackingId },
      admin,
    );
    expect(JSON.parse(rejected.reportHistory.at(-1).data)).toMatchObject({
      duplicateOf: (byOriginal.get('R-5') as any).trackingId,
    });
    const strict = await service.ok(IMPORT, { input: { ...input, source: 'strict-run', strict: true } }, admin);
    expect(strict.importRecords).toMatchObject({ refused: 1, imported: 0, stoppedAt: 101 });
  });
});
