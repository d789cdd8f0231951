import type { TestService } from './service.js';

/** Two connected agencies (A with one unit), a two-level category and tokens for every role. */
export async function registryFixture(service: TestService) {
  const admin = await service.token({ sub: 'admin-1', role: 'ADMIN' });
  const register = async (name: string) =>
    (
      await service.ok(
        `mutation($input: RegisterAgencyInput!) { registerAgency(input: $input) { id } }`,
        { input: { name, type: 'CITY', regionCode: '13.76' } },
        admin,
      )
    ).registerAgency.id as string;
  const agencyA = await register('Kota Payakumbuh');
  const agencyB = await register('Kota Padang Panjang');
  for (const agencyId of [agencyA, agencyB]) {
    await service.ok(
      `mutation($input: ConnectAgencyInput!) { connectAgency(input: $input) { connected } }`,
      { input: { agencyId, decree: 'SK 1/2019' } },
      admin,
    );
  }
  const unit = await service.ok(
    `mutation($input: AddUnitInput!) { addUnit(input: $input) { units { id } } }`,
    { input: { agencyId: agencyA, name: 'Dinas PUPR' } },
    admin,
  );
  await service.ok(
    `mutation($input: CategoryInput!) { addCategory(input: $input) { code } }`,
    { input: { code: 'infrastruktur', name: 'Infrastruktur' } },
    admin,
  );
  await service.ok(
    `mutation($input: CategoryInput!) { addCategory(input: $input) { code } }`,
    { input: { code: 'infrastruktur-jalan', name: 'Jalan', parentCode: 'infrastruktur' } },
    admin,
  );
  const tokens = {
    admin,
    reporter: await service.token({ sub: 'reporter-1', role: 'REPORTER' }),
    otherReporter: await service.token({ sub: 'reporter-2', role: 'REPORTER' }),
    ombudsman: await service.token({ sub: 'ombudsman-1', role: 'OMBUDSMAN' }),
    officerA: await service.token({ sub: 'officer-a', role: 'LIAISON_OFFICER', agencyId: agencyA }),
    adminA: await service.token({ sub: 'admin-a', role: 'AGENCY_ADMIN', agencyId: agencyA }),
    officerB: await service.token({ sub: 'officer-b', role: 'LIAISON_OFFICER', agencyId: agencyB }),
  };
  return { tokens, agencyA, agencyB, unitA: unit.addUnit.units[0].id as string };
}

const RESULT =
  '{ position report { id trackingId status kind category agencyId unitId followUps disputed closedReason rating version deadlines { kind dueAt missed } } }';
const mutation = (name: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) ${RESULT} }`;

/** Every report mutation, selecting the whole report and the position. */
export const M = {
  submit: mutation('submitReport', 'SubmitReportInput'),
  requestClarification: mutation('requestClarification', 'RequestClarificationInput'),
  provideClarification: mutation('provideClarification', 'ProvideClarificationInput'),
  verify: mutation('verifyReport', 'VerifyReportInput'),
  reject: mutation('rejectReport', 'RejectReportInput'),
  disposition: mutation('dispositionReport', 'RouteReportInput'),
  decline: mutation('declineDisposition', 'ReasonInput'),
  forward: mutation('forwardReport', 'RouteReportInput'),
  start: mutation('startFollowUp', 'ReportRefInput'),
  post: mutation('postFollowUp', 'MessageInput'),
  note: mutation('addInternalNote', 'InternalNoteInput'),
  resolve: mutation('resolveReport', 'MessageInput'),
  accept: mutation('acceptResolution', 'AcceptResolutionInput'),
  dispute: mutation('disputeResolution', 'ReasonInput'),
  reopen: mutation('reopenReport', 'OptionalReasonInput'),
  escalate: mutation('escalateToOmbudsman', 'EscalateInput'),
  finding: mutation('recordOmbudsmanFinding', 'OmbudsmanFindingInput'),
};

export const REPORT_FIELDS =
  'id trackingId status kind category agencyId unitId followUps disputed closedReason rating version deadlines { kind dueAt missed }';

export const newReport = {
  kind: 'COMPLAINT',
  title: 'Jalan berlubang di Jl. Sudirman',
  description: 'Lubang besar di depan SD Negeri 3 sudah tiga bulan, membahayakan pengendara motor.',
  channel: 'MOBILE_APP',
  location: { regionCode: '13.76', address: 'Jl. Sudirman No. 12, Payakumbuh', lat: -0.2245, lon: 100.6318 },
  attachments: [
    {
      name: 'lubang.jpg',
      mediaType: 'image/jpeg',
      size: 182_331,
      sha256: 'b'.repeat(64),
      url: 'https://files.lapor.go.id/lubang.jpg',
    },
  ],
};
