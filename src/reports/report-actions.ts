import { registerEnumType } from '@nestjs/graphql';
import type { ReportCommandType } from '../../contexts/reports/report.commands.js';
import { REPORT_RULES } from '../../contexts/reports/report.rules.js';

/** The commands a person gives to an existing report: every rule but submitting and the service's own. */
export const REPORT_ACTIONS = (Object.keys(REPORT_RULES) as ReportCommandType[])
  .filter((command) => command !== 'SubmitReport' && command !== 'RecordMissedDeadlines')
  .map((command) => ({
    command,
    action: command.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase(),
    mutation: command[0]!.toLowerCase() + command.slice(1),
  }));

export const ReportActionEnum = Object.fromEntries(REPORT_ACTIONS.map(({ action }) => [action, action]));
registerEnumType(ReportActionEnum, {
  name: 'ReportAction',
  description: 'A command on a report: VERIFY_REPORT is the mutation verifyReport',
});
