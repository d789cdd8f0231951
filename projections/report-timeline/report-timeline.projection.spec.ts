import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { history } from '../../contexts/reports/report.given.js';
import { REPORT_EVENT_TYPES, type ReportEvent } from '../../contexts/reports/report.events.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { ReportTimelineProjection } from './report-timeline.projection.js';
import { describeEvent } from './timeline-descriptions.js';

describe('report-timeline projection', () => {
  let h: ProjectionHarness;
  const rows = (reportId: string) =>
    h.dataSource.query(`SELECT * FROM report_timeline WHERE report_id = $1 ORDER BY stream_version`, [reportId]);
  beforeAll(async () => {
    h = await projectionHarness();
  });
  afterAll(async () => h?.close());

  it('writes one row per event with the status before and after', async () => {
    const reportId = await h.given([
      ...history.RESOLVED,
      { type: 'ResolutionDisputed', data: { reason: 'Belum' } },
      { type: 'ReportReopened', data: { reason: null, firstFollowUpDueAt: '2026-12-01T16:59:59.999Z' } },
    ]);
    await h.catchUp(new ReportTimelineProjection(), 3);
    const trail = await rows(reportId);
    expect(
      trail.map((r: { event_type: string; from_status: string | null; to_status: string }) => [
        r.event_type,
        r.from_status,
        r.to_status,
      ]),
    ).toEqual([
      ['ReportSubmitted', null, 'SUBMITTED'],
      ['ReportVerified', 'SUBMITTED', 'VERIFIED'],
      ['ReportDispositioned', 'VERIFIED', 'DISPOSITIONED'],
      ['FollowUpStarted', 'DISPOSITIONED', 'IN_PROGRESS'],
      ['ReportResolved', 'IN_PROGRESS', 'RESOLVED'],
      ['ResolutionDisputed', 'RESOLVED', 'RESOLVED'],
      ['ReportReopened', 'RESOLVED', 'IN_PROGRESS'],
    ]);
    expect(trail[0]).toMatchObject({
      actor_id: 'admin-1',
      actor_role: 'ADMIN',
      internal: false,
      description_en: 'Report received via WEB',
    });
  });

  it('rebuilt from position 0 equals the rows built live', async () => {
    const reportId = await h.given(history.ESCALATED);
    await h.catchUp(new ReportTimelineProjection());
    const live = await rows(reportId);
    await h.dataSource.query(
      `DELETE FROM report_timeline; UPDATE checkpoints SET position = 0 WHERE name = 'report-timeline'`,
    );
    await h.catchUp(new ReportTimelineProjection(), 500);
    expect(await rows(reportId)).toEqual(live);
  });

  it('describes every event type in Indonesian and English', () => {
    const samples = Object.values(history)
      .flat()
      .concat([{ type: 'DeadlineMissed', data: { deadline: 'VERIFICATION', dueAt: 'x' } }] as ReportEvent[]);
    for (const type of REPORT_EVENT_TYPES) {
      const sample =
        samples.find((e) => e.type === type) ??
        ({
          type,
          data: {
            channel: 'WEB',
            question: '',
            category: '',
            reason: '',
            message: '',
            note: '',
            rating: 5,
            finding: '',
            deadline: '',
          },
        } as unknown as ReportEvent);
      const text = describeEvent(sample);
      expect(text.id.length).toBeGreaterThan(5);
      expect(text.en.length).toBeGreaterThan(5);
      expect(text.id).not.toBe(text.en);
    }
  });
});
