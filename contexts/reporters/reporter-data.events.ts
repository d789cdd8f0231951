/**
 * What happens to a reporter's personal data besides its use in reports: each time someone
 * reads the identity (who looked is in the event's metadata, when is its time, why is `reason`),
 * and its erasure. One stream per reporter, so the reporter and auditors can see every access.
 */
export type ReporterDataEvent =
  | {
      type: 'ReporterIdentityRevealed';
      data: { subject: string; reportId: string; trackingId: string; reason: string };
    }
  | { type: 'ReporterDataErased'; data: { subject: string; keyDestroyed: boolean } };

export const REPORTER_DATA_EVENT_SCHEMA_VERSIONS: Record<ReporterDataEvent['type'], number> = {
  ReporterIdentityRevealed: 1,
  ReporterDataErased: 1,
};

export const reporterDataStream = (subject: string) => `reporter-${subject}`;
