import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CaseRecord } from '../../contexts/imports/import.plan.js';
import { IMPORT_SCHEMA } from '../../contexts/imports/import.schema.js';
import type { AgencyType } from '../../contexts/agencies/agency.js';

export interface HolidayRecord {
  record: 'holiday';
  date: string;
  name: string;
}
export interface CategoryRecord {
  record: 'category';
  code: string;
  name: string;
  parent?: string;
}
export interface AgencyRecord {
  record: 'agency';
  id: string;
  name: string;
  type: AgencyType;
  regionCode?: string;
  parent?: string;
  units?: { id: string; name: string }[];
  connections?: { from: string; to?: string; decree?: string }[];
}
export type ImportRecord = HolidayRecord | CategoryRecord | AgencyRecord | CaseRecord;

const ajv = new Ajv2020({ discriminator: true, allErrors: false, strict: false, useDefaults: true });
addFormats.default(ajv);
const validate = ajv.compile<ImportRecord>(IMPORT_SCHEMA);

/** One line of an import file read as a record, or why it is not one (invalid JSON, or the schema's first complaint). */
export function readRecord(line: string): { record: ImportRecord } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problem: `invalid JSON: ${(error as Error).message}` };
  }
  // JSON.stringify writes a NUL or half a surrogate pair as an escape: text PostgreSQL's jsonb cannot hold.
  if (/\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(value)))
    return { problem: 'text holds a NUL character or half of a surrogate pair, which cannot be stored' };
  if (validate(value)) return { record: value };
  const [first] = validate.errors ?? [];
  const where = first?.instancePath || '(the record)';
  const allowed = first?.params && 'allowedValues' in first.params ? `: ${first.params.allowedValues.join(', ')}` : '';
  const extra =
    first?.params && 'additionalProperty' in first.params ? ` (${String(first.params.additionalProperty)})` : '';
  return { problem: `${where} ${first?.message ?? 'is not a record of the import format'}${allowed}${extra}` };
}
