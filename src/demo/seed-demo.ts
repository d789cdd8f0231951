import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { signToken } from '../auth/token-verifier.js';
import { startApp } from '../bootstrap.js';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config/config.js';
import type { Database } from '../database/database.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { allProjections } from '../../projections/index.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { DEMO_AGENCIES, DEMO_CATEGORIES, DEMO_TEXTS } from './demo-data.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Which agencies handle a category: local ones by the report's region, the rest by a national agency. */
const NATIONAL: Record<string, string> = {
  'pendidikan-tinggi': 'Kementerian Pendidikan Tinggi, Sains, dan Teknologi',
  cpns: 'Badan Kepegawaian Negara',
  'kenaikan-pangkat': 'Badan Kepegawaian Negara',
  paspor: 'Direktorat Jenderal Imigrasi',
  pkh: 'Kementerian Sosial',
};
/** The report mutations the demo uses, with their input types. */
const MUTATIONS = {
  verifyReport: 'VerifyReportInput',
  rejectReport: 'RejectReportInput',
  dispositionReport: 'RouteReportInput',
  declineDisposition: 'ReasonInput',
  startFollowUp: 'ReportRefInput',
  postFollowUp: 'MessageInput',
  resolveReport: 'MessageInput',
  acceptResolution: 'AcceptResolutionInput',
  disputeResolution: 'ReasonInput',
  escalateToOmbudsman: 'EscalateInput',
  recordOmbudsmanFinding: 'OmbudsmanFindingInput',
} as const;
const LOCAL = DEMO_AGENCIES.filter((a) => a.regionCode !== null);

/** A deterministic pseudo-random sequence, so the same seed gives the same demo. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The demo only fills a database without events. */
export class DatabaseNotEmpty extends Error {
  constructor() {
    super('The database holds events already; the demo only fills an empty one');
  }
}

export interface SeedOptions {
  reports: number;
  seed: number;
  onProgress?: (progress: { done: number; total: number }) => void;
}

/**
 * Fills an empty database with a realistic, reproducible demo through the GraphQL API itself (a
 * private instance on a loopback port, with a clock the seeder moves): the agencies and units
 * DOMAIN.md names, the category taxonomy, and reports in every status with Indonesian texts,
 * spread over the last half year. Event times (occurredAt) follow the demo clock; recordedAt is
 * when the store really wrote them. Refuses a database that holds events already.
 */
export async function seedDemo(
  config: AppConfig,
  database: Pick<Database, 'url' | 'kind'>,
  options: SeedOptions,
): Promise<{ reports: number; events: number }> {
  const logger = new Logger('SeedDemo');
  const realNow = Date.now();
  let now = realNow - 200 * DAY;
  const clock: Clock = { now: () => new Date(now) };
  const secret = randomBytes(32).toString('hex');
  const app = await startApp(
    {
      ...config,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'warn',
      deadlineWatchIntervalMs: 0,
      rateLimits: { queriesPerMinute: 0, mutationsPerMinute: 0 },
      auth: { jwtSecret: secret, jwksUrl: null, development: true },
    },
    database,
    { clock },
  );
  try {
    const log = app.get<EventLog>(EVENT_LOG);
    if ((await log.head()) !== null) throw new DatabaseNotEmpty();
    const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers, read as a client without generated types reads them
    const call = async (query: string, variables: object, token: string): Promise<any> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
      if (body.errors) throw new Error(`Seeding failed: ${body.errors.map((e) => e.message).join('; ')}`);
      return body.data;
    };
    const token = (sub: string, role: 'ADMIN' | 'REPORTER' | 'LIAISON_OFFICER' | 'OMBUDSMAN', agencyId?: string) =>
      signToken(secret, { sub, role, agencyId: agencyId ?? null });
    const admin = await token('admin-demo', 'ADMIN');
    const ombudsman = await token('ombudsman-demo', 'OMBUDSMAN');

    const agencies = new Map<string, { id: string; units: string[]; officer: string; regionCode: string | null }>();
    for (const agency of DEMO_AGENCIES) {
      const { registerAgency } = await call(
        `mutation($i: RegisterAgencyInput!) { registerAgency(input: $i) { id } }`,
        { i: { name: agency.name, type: agency.type, regionCode: agency.regionCode } },
        admin,
      );
      await call(
        `mutation($i: ConnectAgencyInput!) { connectAgency(input: $i) { connected } }`,
        { i: { agencyId: registerAgency.id, decree: 'SK Menteri PANRB tentang SP4N-LAPOR!' } },
        admin,
      );
      let units: string[] = [];
      for (const name of agency.units) {
        units = (
          await call(
            `mutation($i: AddUnitInput!) { addUnit(input: $i) { units { id } } }`,
            { i: { agencyId: registerAgency.id, name } },
            admin,
          )
        ).addUnit.units.map((u: { id: string }) => u.id);
      }
      agencies.set(agency.name, {
        id: registerAgency.id,
        units,
        officer: await token(`officer-${agencies.size + 1}`, 'LIAISON_OFFICER', registerAgency.id),
        regionCode: agency.regionCode,
      });
    }
    for (const parent of DEMO_CATEGORIES) {
      await call(
        `mutation($i: CategoryInput!) { addCategory(input: $i) { code } }`,
        { i: { code: parent.code, name: parent.name } },
        admin,
      );
      for (const child of parent.children)
        await call(
          `mutation($i: CategoryInput!) { addCategory(input: $i) { code } }`,
          { i: { ...child, parentCode: parent.code } },
          admin,
        );
    }

    const random = rng(options.seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const categories = Object.keys(DEMO_TEXTS);
    const starts = Array.from(
      { length: options.reports },
      () => realNow - 180 * DAY + Math.floor(random() * 175 * DAY),
    ).sort((a, b) => a - b);
    let done = 0;
    for (const start of starts) {
      now = start;
      const category = pick(categories);
      const local = pick(LOCAL);
      const handler = agencies.get(NATIONAL[category] ?? local.name)!;
      const other = agencies.get(
        pick(DEMO_AGENCIES.filter((a) => a.name !== (NATIONAL[category] ?? local.name))).name,
      )!;
      const text = pick(DEMO_TEXTS[category]!);
      const reporter = await token(`warga-${Math.floor(random() * 150) + 1}`, 'REPORTER');
      const fate = random();
      // Each step happens some hours after the last; a step that would fall after today does not happen yet.
      const later = (minHours: number, maxHours: number) => {
        now += (minHours + random() * (maxHours - minHours)) * HOUR;
        return now <= realNow;
      };
      const step = (name: keyof typeof MUTATIONS, input: object, as: string) =>
        call(`mutation($i: ${MUTATIONS[name]}!) { ${name}(input: $i) { position } }`, { i: input }, as);
      const { submitReport } = await call(
        `mutation($i: SubmitReportInput!) { submitReport(input: $i) { report { trackingId } } }`,
        {
          i: {
            kind: random() < 0.85 ? 'COMPLAINT' : pick(['ASPIRATION', 'INFORMATION_REQUEST']),
            title: text.title,
            description: text.description,
            channel: pick(['WEB', 'WEB', 'MOBILE_APP', 'MOBILE_APP', 'SMS', 'WHATSAPP', 'TWITTER', 'INTEGRATION']),
            location: { regionCode: local.regionCode, address: null, lat: null, lon: null },
            anonymous: random() < 0.15,
            confidential: random() < 0.08,
          },
        },
        reporter,
      );
      const ref = { trackingId: submitReport.report.trackingId };
      done++;
      options.onProgress?.({ done, total: options.reports });
      if (fate < 0.06 || !later(2, 30)) continue;
      if (fate < 0.11) {
        await step(
          'rejectReport',
          { ...ref, reason: pick(['INCOMPLETE', 'TOO_GENERAL', 'NOT_GOVERNMENT_SERVICE']) },
          admin,
        );
        continue;
      }
      await step('verifyReport', { ...ref, category }, admin);
      if (fate < 0.15 || !later(1, 20)) continue;
      if (random() < 0.1) {
        await step('dispositionReport', { ...ref, agencyId: other.id }, admin);
        if (!later(4, 48)) continue;
        await step(
          'declineDisposition',
          { ...ref, reason: 'Bukan kewenangan instansi kami; mohon dialihkan ke instansi yang berwenang' },
          other.officer,
        );
        if (!later(1, 24)) continue;
      }
      await step('dispositionReport', { ...ref, agencyId: handler.id, unitId: pick(handler.units) }, admin);
      if (fate < 0.25 || !later(4, 100)) continue;
      await step('startFollowUp', ref, handler.officer);
      if (!later(24, 96)) continue;
      await step(
        'postFollowUp',
        { ...ref, message: 'Laporan sudah kami tinjau di lapangan dan sedang dikoordinasikan dengan bidang terkait.' },
        handler.officer,
      );
      if (fate < 0.4 || !later(24, 300)) continue;
      await step(
        'resolveReport',
        { ...ref, message: 'Permasalahan sudah ditangani. Terima kasih atas laporan Anda.' },
        handler.officer,
      );
      if (fate < 0.48 || !later(2, 100)) continue;
      if (fate < 0.93) {
        await step('acceptResolution', { ...ref, rating: pick([3, 4, 4, 5, 5, 5]) }, reporter);
        continue;
      }
      await step('disputeResolution', { ...ref, reason: 'Masalah belum selesai di lapangan.' }, reporter);
      if (!later(24, 120)) continue;
      await step('escalateToOmbudsman', { ...ref, reason: 'REPORTER_DISPUTE' }, reporter);
      if (fate < 0.97 || !later(48, 240)) continue;
      await step(
        'recordOmbudsmanFinding',
        { ...ref, finding: 'Instansi telah menindaklanjuti sesuai standar pelayanan.', outcome: 'CLOSE' },
        ombudsman,
      );
    }
    // The read models take in the last events before this instance stops, so the demo is whole at once.
    const { events } = await log.backlog(0n);
    await app.get(ProjectionEngine).waitForHead(allProjections().map((p) => p.name));
    logger.log(`demo data: ${DEMO_AGENCIES.length} agencies, ${options.reports} reports, ${events} events`);
    return { reports: options.reports, events };
  } finally {
    await app.close();
  }
}
