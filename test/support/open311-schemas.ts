import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * JSON Schemas of GeoReport v2's JSON answers (http://wiki.open311.org/GeoReport_v2) and of
 * FixMyStreet's servicerequestupdates, held to what this bridge promises on top: datetimes on the
 * WIB clock with their offset, and no field beyond the specification's (so no identity can slip in).
 */
const W3C_WIB = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00$' };
const text = { type: 'string' };
const optionalText = { type: ['string', 'null'] };
const optionalWib = { anyOf: [W3C_WIB, { type: 'null' }] };

const service = {
  type: 'object',
  required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  additionalProperties: false,
  properties: {
    service_code: text,
    service_name: text,
    description: text,
    metadata: { type: 'boolean' },
    type: { enum: ['realtime', 'batch', 'blackbox'] },
    keywords: text,
    group: text,
  },
};

const serviceDefinition = {
  type: 'object',
  required: ['service_code', 'attributes'],
  additionalProperties: false,
  properties: {
    service_code: text,
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
        additionalProperties: false,
        properties: {
          variable: { type: 'boolean' },
          code: text,
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: optionalText,
          order: { type: 'integer', minimum: 1 },
          description: text,
          values: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'name'],
              additionalProperties: false,
              properties: { key: text, name: text },
            },
          },
        },
      },
    },
  },
};

const request = {
  type: 'object',
  required: ['service_request_id', 'status', 'service_code', 'requested_datetime', 'updated_datetime'],
  additionalProperties: false,
  properties: {
    service_request_id: text,
    status: { enum: ['open', 'closed'] },
    status_notes: optionalText,
    service_name: optionalText,
    service_code: optionalText,
    description: { type: ['string', 'null'], maxLength: 10_000 },
    agency_responsible: optionalText,
    service_notice: optionalText,
    requested_datetime: W3C_WIB,
    updated_datetime: optionalWib,
    expected_datetime: optionalWib,
    address: optionalText,
    address_id: optionalText,
    zipcode: optionalText,
    lat: { type: ['number', 'null'], minimum: -90, maximum: 90 },
    long: { type: ['number', 'null'], minimum: -180, maximum: 180 },
    media_url: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
  },
};

/** POST requests: a service_request_id (type realtime) and never a token beside it. */
const created = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['service_request_id'],
    additionalProperties: false,
    properties: { service_request_id: text, service_notice: optionalText, account_id: optionalText },
  },
};

const update = {
  type: 'object',
  required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description'],
  additionalProperties: false,
  properties: {
    update_id: text,
    service_request_id: text,
    status: { enum: ['open', 'closed'] },
    updated_datetime: W3C_WIB,
    description: text,
    external_status_code: text,
    media_url: { type: 'string', format: 'uri' },
  },
};

const discovery = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  additionalProperties: false,
  properties: {
    changeset: text,
    contact: text,
    key_service: text,
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        additionalProperties: false,
        properties: {
          specification: text,
          url: { type: 'string', format: 'uri' },
          changeset: text,
          type: { enum: ['production', 'test'] },
          formats: { type: 'array', items: { enum: ['text/xml', 'application/json'] } },
        },
      },
    },
  },
};

const errors = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    additionalProperties: false,
    properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
  },
};

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);

export const OPEN311_SCHEMAS = {
  discovery: ajv.compile(discovery),
  services: ajv.compile({ type: 'array', items: service }),
  serviceDefinition: ajv.compile(serviceDefinition),
  requests: ajv.compile({ type: 'array', items: request }),
  request: ajv.compile({ type: 'array', minItems: 1, maxItems: 1, items: request }),
  created: ajv.compile(created),
  updates: ajv.compile({ type: 'array', items: update }),
  errors: ajv.compile(errors),
};
export type Open311SchemaName = keyof typeof OPEN311_SCHEMAS;
