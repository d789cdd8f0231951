import { describe, expect, it } from '@jest/globals';
import { payloadGroups, type ReportEventChange } from './change-feed.js';

describe('payloadGroups', () => {
  it('splits a large batch into NOTIFY payloads under 8,000 bytes, keeping every change in order', () => {
    const changes: ReportEventChange[] = Array.from({ length: 500 }, (_, i) => ({
      reportId: '0e7c6b2a-6c1f-4f0e-9a57-3f1d2b4c5d6e',
      trackingId: '7K3M-9QX2',
      position: (9223372036854775000n + BigInt(i)).toString(),
      version: i + 1,
      type: 'OmbudsmanFindingRecorded',
      status: 'AWAITING_CLARIFICATION',
      agencyId: 'b1d4c1a8-1c53-4f0c-8f7e-2f1c9d0e5a11',
      leftAgencyId: 'c2e5d2b9-2d64-4a1d-9a8f-3a2dae1f6b22',
    }));
    const groups = [...payloadGroups(changes)];
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) expect(Buffer.byteLength(JSON.stringify({ changes: group }))).toBeLessThan(8000);
    expect(groups.flat()).toEqual(changes);
  });
});
