import type { Categories, Category } from '../agencies/categories.js';
import { REPORT_KINDS, type ReportKind } from '../reports/report.events.js';

/** A service of GET services: one per category of the taxonomy, its code the category's code. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'singlevaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

const KIND_NAMES: Record<ReportKind, string> = {
  COMPLAINT: 'Pengaduan',
  ASPIRATION: 'Aspirasi',
  INFORMATION_REQUEST: 'Permintaan informasi',
};
const YES_NO = [
  { key: 'false', name: 'Tidak' },
  { key: 'true', name: 'Ya' },
];

/**
 * Every category takes the same three attributes: what submitReport asks besides the text and the
 * place. None is required; left out, a report is a COMPLAINT, neither anonymous nor confidential.
 */
export const OPEN311_ATTRIBUTES: readonly Open311Attribute[] = [
  {
    variable: true,
    code: 'kind',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: `One of ${REPORT_KINDS.join(', ')}; COMPLAINT when left out`,
    order: 1,
    description: 'Jenis laporan: pengaduan, aspirasi atau permintaan informasi',
    values: REPORT_KINDS.map((kind) => ({ key: kind, name: KIND_NAMES[kind] })),
  },
  {
    variable: true,
    code: 'anonymous',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: 'true or false; false when left out',
    order: 2,
    description: 'Anonim: identitas pelapor tidak ditampilkan kepada instansi',
    values: YES_NO,
  },
  {
    variable: true,
    code: 'confidential',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: 'true or false; false when left out',
    order: 3,
    description: 'Rahasia: isi laporan tidak dipublikasikan',
    values: YES_NO,
  },
];

/** The service list: sub-categories grouped under their parent's name, a top-level category under its own. */
export function servicesOf(categories: Categories): Open311Service[] {
  return [...categories.values()]
    .map((category) => {
      const parent = category.parentCode ? (categories.get(category.parentCode) ?? null) : null;
      return {
        service_code: category.code,
        service_name: category.name,
        description: describe(category, parent),
        metadata: true,
        type: 'realtime' as const,
        keywords: [category.name, parent?.name, category.code].filter(Boolean).join(', '),
        group: parent?.name ?? category.name,
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.service_code.localeCompare(b.service_code));
}

function describe(category: Category, parent: Category | null): string {
  return parent
    ? `Laporan tentang ${category.name} (${parent.name}) kepada penyelenggara pelayanan publik`
    : `Laporan tentang ${category.name} kepada penyelenggara pelayanan publik`;
}
