import { unreachable } from '../domain-error.js';
import type { DeadlineKind } from '../reports/report.events.js';
import { REPORT_STATUSES, type Deadline, type ReportStatus } from '../reports/report.state.js';

/** GeoReport v2 knows two statuses: open ("it has been reported") and closed ("it has been resolved"). */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/**
 * A report is closed once the agency has resolved it (even while the reporter may still dispute,
 * which reopens it), once it is closed, and once it is archived as not processable; every step
 * before is open, and so is a case with the Ombudsman.
 */
export function open311Status(status: ReportStatus): Open311Status {
  switch (status) {
    case 'RESOLVED':
    case 'CLOSED':
    case 'REJECTED':
      return 'closed';
    case 'SUBMITTED':
    case 'AWAITING_CLARIFICATION':
    case 'VERIFIED':
    case 'DISPOSITIONED':
    case 'IN_PROGRESS':
    case 'ESCALATED':
      return 'open';
    default:
      return unreachable(status);
  }
}

/** The aduan statuses an Open311 status stands for, for filtering the read model. */
export function reportStatusesOf(status: Open311Status): ReportStatus[] {
  return REPORT_STATUSES.filter((candidate) => open311Status(candidate) === status);
}

/** service_notice: what happens next, in Indonesian like the rest of what the public reads. */
export function serviceNotice(status: ReportStatus): string {
  switch (status) {
    case 'SUBMITTED':
      return 'Laporan diterima dan sedang diverifikasi oleh admin.';
    case 'AWAITING_CLARIFICATION':
      return 'Admin menunggu klarifikasi dari pelapor.';
    case 'VERIFIED':
      return 'Laporan terverifikasi dan menunggu disposisi ke instansi yang berwenang.';
    case 'DISPOSITIONED':
      return 'Laporan telah diteruskan ke instansi yang berwenang dan menunggu tindak lanjutnya.';
    case 'IN_PROGRESS':
      return 'Instansi sedang menindaklanjuti laporan.';
    case 'RESOLVED':
      return 'Instansi menyatakan laporan selesai; pelapor dapat menerima atau menyanggahnya.';
    case 'CLOSED':
      return 'Laporan ditutup.';
    case 'REJECTED':
      return 'Laporan diarsipkan karena tidak dapat diproses.';
    case 'ESCALATED':
      return 'Laporan sedang ditangani Ombudsman Republik Indonesia.';
    default:
      return unreachable(status);
  }
}

/**
 * expected_datetime: when the request can be expected to be fulfilled. The completion deadline
 * (60 days from the first disposition) says that while it runs; before disposition and after the
 * resolution the deadline of the current step does (verification, first follow-up, auto-close);
 * null when none runs (closed, archived, with the Ombudsman).
 */
export function expectedDeadline(deadlines: Partial<Record<DeadlineKind, Deadline>>): string | null {
  if (deadlines.COMPLETION) return deadlines.COMPLETION.dueAt;
  const running = Object.values(deadlines)
    .filter((deadline) => deadline !== undefined)
    .map((deadline) => deadline.dueAt)
    .sort();
  return running[0] ?? null;
}
