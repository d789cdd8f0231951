import type { Decider } from '../decider.js';
import { unreachable } from '../domain-error.js';

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

export type ReporterDataCommand =
  | { type: 'RecordIdentityReveal'; reportId: string; trackingId: string; reason: string }
  | { type: 'RecordErasure'; keyDestroyed: boolean };

/** Records each access and the erasure; every one is recorded, so the decision is only what to write. */
export const reporterDataDecider: Decider<
  ReporterDataCommand,
  { erased: boolean },
  ReporterDataEvent,
  { subject: string }
> = {
  initial: { erased: false },
  evolve: (state, event) => (event.type === 'ReporterDataErased' ? { erased: true } : state),
  decide(command, _state, { subject }) {
    switch (command.type) {
      case 'RecordIdentityReveal': {
        const { type: _, ...reveal } = command;
        return [{ type: 'ReporterIdentityRevealed', data: { subject, ...reveal } }];
      }
      case 'RecordErasure':
        return [{ type: 'ReporterDataErased', data: { subject, keyDestroyed: command.keyDestroyed } }];
      default:
        return unreachable(command);
    }
  },
  schemaVersions: REPORTER_DATA_EVENT_SCHEMA_VERSIONS,
};
