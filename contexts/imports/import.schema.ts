import { AGENCY_TYPES } from '../agencies/agency.js';
import {
  CHANNELS,
  ESCALATION_REASONS,
  FINDING_OUTCOMES,
  REJECTION_REASONS,
  REPORT_KINDS,
} from '../reports/report.events.js';

/**
 * The import format, one JSON object per line (JSON Lines): a holiday, an agency, or a case with its
 * whole history. Published as docs/import-format.schema.json (`npx aduan import --schema`); the importer
 * validates every line against this very object, so the document and the check cannot differ.
 */
const instant = {
  type: 'string',
  format: 'date-time',
  pattern: '(Z|[+-]\\d{2}:\\d{2})$',
  description: 'ISO 8601 with an offset, e.g. 2019-03-04T09:15:00+07:00',
};
const day = { type: 'string', format: 'date', description: 'A calendar day, YYYY-MM-DD (WIB)' };
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const sourceId = { type: 'string', minLength: 1, maxLength: 120, description: "The source system's own id" };
const regionCode = { type: 'string', pattern: '^\\d{2}(\\.\\d{2}){0,3}$', description: 'Kemendagri code, e.g. 13.76' };

const actor = {
  type: 'object',
  additionalProperties: false,
  description:
    "Who took the step in the source system. The role defaults to the step's usual one (ADMIN for verification, LIAISON_OFFICER of the report's agency for follow-ups, the reporter for acceptance)",
  properties: {
    role: { enum: ['ADMIN', 'AGENCY_ADMIN', 'LIAISON_OFFICER', 'OMBUDSMAN', 'REPORTER'] },
    id: sourceId,
  },
};

/** One lifecycle step: its name, when it happened, who took it, and what the step needs. */
const step = (name: string, properties: Record<string, object> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['step', 'at', ...required],
  properties: { step: { const: name }, at: instant, actor, ...properties },
});
const agencyRef = {
  type: 'string',
  minLength: 1,
  maxLength: 120,
  description: "An agency record's id in this source, or the id of an agency already registered in aduan",
};

export const IMPORT_STEPS = [
  step('clarification_requested', { question: text(4000) }, ['question']),
  step('clarified', { answer: text(4000) }, ['answer']),
  step(
    'verified',
    {
      category: text(60),
      kind: { enum: REPORT_KINDS },
      anonymous: { type: 'boolean' },
      confidential: { type: 'boolean' },
    },
    ['category'],
  ),
  step('rejected', { reason: { enum: REJECTION_REASONS }, duplicateOf: sourceId, text: text(2000) }, ['reason']),
  step('dispositioned', { agency: agencyRef, unit: sourceId, note: text(2000) }, ['agency']),
  step('declined', { reason: text(2000) }, ['reason']),
  step('forwarded', { agency: agencyRef, unit: sourceId, note: text(2000) }, ['agency']),
  step('follow_up_started'),
  step('follow_up', { message: text(4000) }, ['message']),
  step('internal_note', { note: text(4000) }, ['note']),
  step('resolved', { message: text(4000) }, ['message']),
  step('accepted', { rating: { type: 'integer', minimum: 1, maximum: 5 }, comment: text(2000) }, ['rating']),
  step('disputed', { reason: text(2000) }, ['reason']),
  step('reopened', { reason: text(2000) }),
  step('escalated', { reason: { enum: ESCALATION_REASONS }, note: text(2000) }, ['reason']),
  step('finding', { finding: text(4000), recommendation: text(4000), outcome: { enum: FINDING_OUTCOMES } }, [
    'finding',
    'outcome',
  ]),
  step('closed', {}, []),
] as const;

export const IMPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://lapor.go.id/aduan/import-format.schema.json',
  title: 'aduan import record (one per line of a JSON Lines file)',
  type: 'object',
  required: ['record'],
  discriminator: { propertyName: 'record' },
  oneOf: [
    {
      title: 'holiday',
      type: 'object',
      additionalProperties: false,
      required: ['record', 'date', 'name'],
      properties: { record: { const: 'holiday' }, date: day, name: text(120) },
    },
    {
      title: 'category',
      type: 'object',
      additionalProperties: false,
      required: ['record', 'code', 'name'],
      properties: {
        record: { const: 'category' },
        code: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,59}$' },
        name: text(120),
        parent: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,59}$' },
      },
    },
    {
      title: 'agency',
      type: 'object',
      additionalProperties: false,
      required: ['record', 'id', 'name', 'type'],
      properties: {
        record: { const: 'agency' },
        id: sourceId,
        name: text(200),
        type: { enum: AGENCY_TYPES },
        regionCode,
        parent: agencyRef,
        units: {
          type: 'array',
          maxItems: 500,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'name'],
            properties: { id: sourceId, name: text(200) },
          },
        },
        connections: {
          type: 'array',
          maxItems: 50,
          description: 'Connection decrees in date order: from (the decree), to (a disconnection, if any)',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['from'],
            properties: { from: day, to: day, decree: text(200) },
          },
        },
      },
    },
    {
      title: 'case',
      type: 'object',
      additionalProperties: false,
      required: ['record', 'id', 'submitted', 'steps'],
      properties: {
        record: { const: 'case' },
        id: sourceId,
        submitted: {
          type: 'object',
          additionalProperties: false,
          required: ['at', 'title', 'description'],
          properties: {
            at: instant,
            kind: { enum: REPORT_KINDS, default: 'COMPLAINT' },
            channel: { enum: CHANNELS, default: 'WEB' },
            title: { type: 'string', minLength: 5, maxLength: 200 },
            description: { type: 'string', minLength: 10, maxLength: 10_000 },
            category: text(60),
            location: {
              type: 'object',
              additionalProperties: false,
              properties: {
                regionCode,
                address: text(500),
                lat: { type: 'number', minimum: -90, maximum: 90 },
                lon: { type: 'number', minimum: -180, maximum: 180 },
              },
            },
            anonymous: { type: 'boolean', default: false },
            confidential: { type: 'boolean', default: false },
            reporter: {
              type: 'object',
              additionalProperties: false,
              description: 'Sealed (encrypted) as for live reports; never returned by the import',
              properties: {
                id: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 120,
                  pattern: '^(?!.*@)(?!.*\\d{8})',
                  description:
                    "The source's pseudonymous id of the reporter (kept in clear as their reference): never an email address, phone number or NIK",
                },
                name: text(200),
                nik: { type: 'string', pattern: '^\\d{16}$' },
                phone: { type: 'string', pattern: '^\\+?[0-9][0-9 ()-]{5,24}$' },
                email: { type: 'string', format: 'email', minLength: 3, maxLength: 254 },
                personalDetails: text(4000),
              },
            },
          },
        },
        steps: {
          type: 'array',
          maxItems: 200,
          items: { type: 'object', required: ['step'], discriminator: { propertyName: 'step' }, oneOf: IMPORT_STEPS },
        },
      },
    },
  ],
} as const;
