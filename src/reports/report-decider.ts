import type { DeadlinePolicy } from '../../contexts/calendar/deadline-policy.js';
import type { HolidayCalendar } from '../../contexts/calendar/working-days.js';
import type { ReportCommand } from '../../contexts/reports/report.commands.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { decide } from '../../contexts/reports/report.decide.js';
import { REPORT_EVENT_SCHEMA_VERSIONS, reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';
import type { StreamDecider } from '../commands/run-command.js';

export const DEADLINE_POLICY = Symbol('DeadlinePolicy');

/** The report decider bound to one report, one command and the facts it may depend on. */
export function reportDecider(
  reportId: string,
  command: ReportCommand,
  context: { now: Date; actor: Actor; calendar: HolidayCalendar; policy: DeadlinePolicy },
): StreamDecider<ReportState, ReportEvent> {
  return {
    streamId: reportStream(reportId),
    initial: INITIAL_REPORT,
    evolve,
    decide: (state) => decide(command, state, context),
    schemaVersions: REPORT_EVENT_SCHEMA_VERSIONS,
  };
}
