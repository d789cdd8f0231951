import { unreachable } from '../../contexts/domain-error.js';
import type { ReportEvent } from '../../contexts/reports/report.events.js';

/** What an auditor reads for each event, in Indonesian and English. */
export function describeEvent(event: ReportEvent): { id: string; en: string } {
  switch (event.type) {
    case 'ReportSubmitted':
      return { id: `Laporan diterima melalui ${event.data.channel}`, en: `Report received via ${event.data.channel}` };
    case 'ClarificationRequested':
      return {
        id: `Admin meminta klarifikasi: ${event.data.question}`,
        en: `The admin asked for clarification: ${event.data.question}`,
      };
    case 'ClarificationProvided':
      return { id: 'Pelapor memberikan klarifikasi', en: 'The reporter provided clarification' };
    case 'ReportVerified':
      return {
        id: `Laporan diverifikasi (kategori ${event.data.category})`,
        en: `Report verified (category ${event.data.category})`,
      };
    case 'ReportRejected':
      return { id: `Laporan diarsipkan: ${event.data.reason}`, en: `Report archived: ${event.data.reason}` };
    case 'ReportDispositioned':
      return { id: 'Laporan didisposisikan ke instansi berwenang', en: 'Report routed to the agency with authority' };
    case 'DispositionDeclined':
      return {
        id: `Instansi menyatakan bukan wewenangnya: ${event.data.reason}`,
        en: `The agency declared it not its authority: ${event.data.reason}`,
      };
    case 'ReportForwarded':
      return { id: 'Laporan diteruskan ke instansi lain', en: 'Report forwarded to another agency' };
    case 'FollowUpStarted':
      return { id: 'Instansi mulai menindaklanjuti', en: 'The agency started its follow-up' };
    case 'FollowUpPosted':
      return { id: `Tindak lanjut: ${event.data.message}`, en: `Follow-up: ${event.data.message}` };
    case 'InternalNoteAdded':
      return { id: `Catatan internal: ${event.data.note}`, en: `Internal note: ${event.data.note}` };
    case 'ReportResolved':
      return {
        id: `Laporan selesai ditindaklanjuti: ${event.data.message}`,
        en: `Report resolved: ${event.data.message}`,
      };
    case 'ResolutionAccepted':
      return {
        id: `Pelapor menerima penyelesaian (nilai ${event.data.rating}/5)`,
        en: `The reporter accepted the resolution (rating ${event.data.rating}/5)`,
      };
    case 'ResolutionDisputed':
      return {
        id: `Pelapor menyanggah penyelesaian: ${event.data.reason}`,
        en: `The reporter disputed the resolution: ${event.data.reason}`,
      };
    case 'ReportReopened':
      return { id: 'Laporan dibuka kembali', en: 'Report reopened' };
    case 'EscalatedToOmbudsman':
      return {
        id: `Laporan dieskalasi ke Ombudsman (${event.data.reason})`,
        en: `Report escalated to the Ombudsman (${event.data.reason})`,
      };
    case 'OmbudsmanFindingRecorded':
      return { id: `Temuan Ombudsman: ${event.data.finding}`, en: `Ombudsman finding: ${event.data.finding}` };
    case 'ReportClosed':
      return { id: `Laporan ditutup (${event.data.reason})`, en: `Report closed (${event.data.reason})` };
    case 'DeadlineMissed':
      return { id: `Batas waktu ${event.data.deadline} terlewati`, en: `Deadline ${event.data.deadline} missed` };
    default:
      return unreachable(event);
  }
}
