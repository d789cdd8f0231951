import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ReportEvent, ReportKind, Channel } from '../contexts/reports/report.events.js';
import { REPORT_EVENT_SCHEMA_VERSIONS } from '../contexts/reports/report.events.js';
import { newTrackingId, trackingIdStream } from '../contexts/reports/tracking-id.js';
import { chainHash, contentHashOfCanonical, canonicalJson, GENESIS_HASH } from '../src/event-store/hash-chain.js';

/** One stored event row, hash chain included, ready for a bulk INSERT. */
export interface EventRow {
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  content_hash: Buffer;
  hash: Buffer;
}

const CHANNELS: Channel[] = ['WEB', 'SMS', 'MOBILE_APP', 'WHATSAPP', 'TWITTER', 'INTEGRATION'];
const KINDS: ReportKind[] = ['COMPLAINT', 'COMPLAINT', 'COMPLAINT', 'ASPIRATION', 'INFORMATION_REQUEST'];
const CATEGORIES = [
  'kesejahteraan-sosial',
  'pendidikan-tinggi',
  'kepegawaian',
  'imigrasi',
  'kependudukan',
  'infrastruktur-jalan',
  'kesehatan',
];
const HOUR = 3_600_000;
/** What reports are about, so that a full-text search finds some and not all of them. */
const TITLES = [
  'Jalan rusak di depan sekolah dasar',
  'Lampu penerangan jalan mati',
  'Pelayanan puskesmas sangat lambat',
  'Pungutan liar saat membuat KTP elektronik',
  'Sampah menumpuk di pasar tradisional',
  'Saluran air tersumbat menyebabkan banjir',
  'Bantuan sosial tidak tepat sasaran',
  'Antrean BPJS Kesehatan terlalu panjang',
  'Guru honorer belum menerima gaji',
  'Izin usaha tidak kunjung terbit',
  'Pelayanan paspor di kantor imigrasi berbelit',
  'Jembatan desa hampir roboh',
];

/** The `i`th report's tracking id: its seven symbols are the base-31 digits of i, so no two reports share one. */
export function generatedTrackingId(i: number): string {
  const digits = new Uint8Array(7);
  for (let d = 6, rest = i; d >= 0; d--, rest = Math.floor(rest / 31)) digits[d] = rest % 31;
  return newTrackingId(digits);
}

/** A deterministic pseudo-random sequence, so every run generates the same data. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Realistic report lifecycles (about ten events each): most reports are resolved and accepted, some
 * are rejected, declined and re-routed, disputed, escalated or left without follow-up, across
 * agencies, categories, channels and two years of working hours.
 */
export function* reportLifecycles(count: number, agencies: string[], seed = 7): Generator<EventRow[]> {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const start = Date.parse('2024-01-01T01:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const reportId = randomUUID();
    const trackingId = generatedTrackingId(i);
    const agency = pick(agencies);
    let at = start + Math.floor(random() * 700) * 24 * HOUR + Math.floor(random() * 8) * HOUR;
    const step = (hours: number) => (at += hours * HOUR);
    const iso = (ms: number) => new Date(ms).toISOString();
    const events: ReportEvent[] = [
      {
        type: 'ReportSubmitted',
        data: {
          reportId,
          trackingId,
          kind: pick(KINDS),
          title: `${pick(TITLES)} (laporan ${i})`,
          description: 'Pelayanan publik yang dilaporkan warga melalui kanal resmi SP4N-LAPOR!',
          category: pick(CATEGORIES),
          channel: pick(CHANNELS),
          location: {
            regionCode: pick(['13.76', '13.74', '13', '61.71', '12.71']),
            address: null,
            lat: null,
            lon: null,
          },
          attachments: [],
          anonymous: random() < 0.2,
          confidential: random() < 0.1,
          reporterId: `reporter:reporter-${i % 5000}`,
          identity: null,
          submittedBy: `reporter:reporter-${i % 5000}`,
          verificationDueAt: iso(at + 72 * HOUR),
        },
      },
    ];
    const fate = random();
    if (fate < 0.06) {
      events.push({ type: 'ReportRejected', data: { reason: 'TOO_GENERAL', duplicateOf: null, text: null } });
    } else {
      events.push({
        type: 'ReportVerified',
        data: { category: pick(CATEGORIES), kind: 'COMPLAINT', anonymous: false, confidential: false },
      });
      if (fate < 0.12) {
        events.push({
          type: 'ReportDispositioned',
          data: {
            agencyId: pick(agencies),
            unitId: null,
            note: null,
            firstFollowUpDueAt: iso(step(24) + 120 * HOUR),
            completionDueAt: iso(at + 60 * 24 * HOUR),
          },
        });
        events.push({ type: 'DispositionDeclined', data: { agencyId: agency, reason: 'Bukan wewenang' } });
      }
      events.push({
        type: 'ReportDispositioned',
        data: {
          agencyId: agency,
          unitId: null,
          note: null,
          firstFollowUpDueAt: iso(step(24) + 120 * HOUR),
          completionDueAt: iso(at + 60 * 24 * HOUR),
        },
      });
      if (fate < 0.16) {
        events.push({ type: 'DeadlineMissed', data: { deadline: 'FIRST_FOLLOW_UP', dueAt: iso(at + 120 * HOUR) } });
      } else {
        events.push({ type: 'FollowUpStarted', data: { agencyId: agency } });
        events.push({
          type: 'FollowUpPosted',
          data: { message: 'Sedang ditindaklanjuti oleh unit terkait', attachments: [] },
        });
        events.push({ type: 'InternalNoteAdded', data: { note: 'Koordinasi lintas bidang' } });
        if (fate < 0.24) {
          events.push({ type: 'FollowUpPosted', data: { message: 'Menunggu anggaran', attachments: [] } });
        } else {
          events.push({
            type: 'ReportResolved',
            data: { message: 'Telah diselesaikan', attachments: [], autoCloseDueAt: iso(step(48) + 240 * HOUR) },
          });
          if (fate < 0.3) {
            events.push({ type: 'ResolutionDisputed', data: { reason: 'Belum tuntas' } });
            events.push({
              type: 'EscalatedToOmbudsman',
              data: { reason: 'REPORTER_DISPUTE', by: 'REPORTER', note: null },
            });
            events.push({
              type: 'OmbudsmanFindingRecorded',
              data: { finding: 'Perlu perbaikan', recommendation: null, outcome: 'CLOSE', firstFollowUpDueAt: null },
            });
            events.push({ type: 'ReportClosed', data: { reason: 'OMBUDSMAN' } });
          } else {
            events.push({ type: 'ResolutionAccepted', data: { rating: 1 + Math.floor(random() * 5), comment: null } });
            events.push({ type: 'ReportClosed', data: { reason: 'ACCEPTANCE' } });
          }
        }
      }
    }
    // The tracking id's own stream, as the service writes it just before the report's.
    const assigned = chain(
      trackingIdStream(trackingId),
      [{ type: 'TrackingIdAssigned', data: { trackingId, reportId } }],
      () => iso(at),
    );
    yield [...assigned, ...chain(`report-${reportId}`, events, () => iso(step(2 + random() * 20)))];
  }
}

/** Rows of one stream with their hash chain, as the event store would have written them. */
export function chain(streamId: string, events: { type: string; data: object }[], time: () => string): EventRow[] {
  let previous: Buffer = GENESIS_HASH;
  return events.map((event, index) => {
    const occurredAt = time();
    const eventId = randomUUID();
    const data = canonicalJson(event.data);
    const metadata = canonicalJson({
      correlationId: eventId,
      actor: { id: 'bench', role: 'SYSTEM' },
      occurredAt,
      channel: 'WEB',
    });
    const schemaVersion = (REPORT_EVENT_SCHEMA_VERSIONS as Record<string, number>)[event.type] ?? 1;
    const contentHash = contentHashOfCanonical({ eventId, type: event.type, schemaVersion, data, metadata });
    const recordedAt = new Date(occurredAt);
    previous = chainHash(previous, { streamId, streamVersion: index + 1, recordedAt, contentHash });
    return {
      stream_id: streamId,
      stream_version: index + 1,
      event_id: eventId,
      type: event.type,
      schema_version: schemaVersion,
      data,
      metadata,
      recorded_at: occurredAt,
      content_hash: contentHash,
      hash: previous,
    };
  });
}

/** Writes generated rows straight into the events table, a few thousand per statement. */
export async function insertRows(pool: pg.Pool, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof EventRow>(key: K) => rows.map((row) => row[key]);
  await pool.query(
    `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, content_hash, hash)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::bytea[], $10::bytea[])`,
    [
      column('stream_id'),
      column('stream_version'),
      column('event_id'),
      column('type'),
      column('schema_version'),
      column('data'),
      column('metadata'),
      column('recorded_at'),
      column('content_hash'),
      column('hash'),
    ],
  );
}

/** Fills a database with about `events` events: 60 connected agencies and report lifecycles. Returns how many. */
export async function generateEvents(pool: pg.Pool, events: number): Promise<number> {
  let batch: EventRow[] = [];
  let stored = 0;
  const agencies = Array.from({ length: 60 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  for (const [i, agencyId] of agencies.entries()) {
    const data = {
      agencyId,
      name: `Instansi ${i}`,
      agencyType: i < 34 ? 'MINISTRY' : 'CITY',
      parentId: null,
      regionCode: null,
    };
    batch.push(
      ...chain(
        `agency-${agencyId}`,
        [
          { type: 'AgencyRegistered', data },
          { type: 'AgencyConnected', data: { connectedAt: '2019-01-02T00:00:00.000Z', decree: null } },
        ],
        () => '2019-01-02T00:00:00.000Z',
      ),
    );
  }
  for (const rows of reportLifecycles(events, agencies)) {
    batch.push(...rows);
    if (batch.length >= 2000) {
      await insertRows(pool, batch);
      stored += batch.length;
      batch = [];
    }
    if (stored + batch.length >= events) break;
  }
  await insertRows(pool, batch);
  return stored + batch.length;
}
