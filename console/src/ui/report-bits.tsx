import type { ReportFieldsFragment } from '../gql/graphql';
import { useT, type TextKey } from '../i18n';
import { formatInstant, useFormat } from './format';

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span class={`status status-${status.toLowerCase()}`}>{t(`status.${status}` as TextKey)}</span>;
}

/** The running deadline first: its due time and the working days left (negative: overdue). */
export function NextDeadline({ report }: { report: ReportFieldsFragment }) {
  const t = useT();
  const format = useFormat();
  const running = [...report.deadlines].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  if (!running) return <span>—</span>;
  const overdue = running.missed || running.workingDaysLeft < 0;
  const days = running.workingDaysLeft;
  return (
    <span class={overdue ? 'overdue' : undefined}>
      {overdue ? <strong>{t('overdue')} · </strong> : null}
      {t(`deadline.${running.kind}` as TextKey)}: {formatInstant(running.dueAt, format)} (
      {days < 0 ? t('workingDaysLate', -days) : t('workingDaysLeft', days)})
    </span>
  );
}
