import { reportDecider } from '../../contexts/reports/report.decide.js';
import type { ReportEvent } from '../../contexts/reports/report.events.js';
import type { ReportState } from '../../contexts/reports/report.state.js';
import { foldHistory } from '../commands/run-command.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/** A report's state folded from its recorded (upcast) events, as every reader of one report needs it: from the start, or on from a state folded earlier. */
export function foldReport(history: RecordedEvent[], from: ReportState = reportDecider.initial): ReportState {
  return foldHistory<ReportState, ReportEvent>({ initial: from, evolve: reportDecider.evolve }, history);
}
