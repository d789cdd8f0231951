import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DomainError } from '../../contexts/domain-error.js';
import type { FieldProblem } from '../../contexts/open311/field-problem.js';
import { attachmentFromUrl } from '../../contexts/open311/media-attachment.js';
import { serviceNotice } from '../../contexts/open311/open311-status.js';
import {
  readServiceRequestForm,
  titleFrom,
  type FormValues,
  type ServiceRequestForm,
} from '../../contexts/open311/service-request-form.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { guestPrincipal, principalOf } from '../../contexts/principals/principal.js';
import type { SealedIdentity } from '../../contexts/reports/report.events.js';
import { ruleFor } from '../auth/access-policy.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import type { AppConfig } from '../config/config.js';
import { VALIDATION } from '../graphql/filter-arg.js';
import { ApiKeyRegistry } from '../integrators/api-key-registry.js';
import { ReporterVault } from '../privacy/reporter-vault.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { SubmitReportInput } from '../reports/report.inputs.js';
import { SubmitNewReport } from '../reports/submit-report.js';
import { APP_CONFIG } from '../shared.module.js';
import { Open311Catalogue } from './open311-catalogue.js';
import { Open311Error } from './open311-error.js';
import type { Open311Document } from './open311-format.js';

/** submitReport's input fields, named as an Open311 client named them. */
const OPEN311_FIELDS: Record<string, string> = {
  kind: 'attribute[kind]',
  anonymous: 'attribute[anonymous]',
  confidential: 'attribute[confidential]',
  description: 'description',
  category: 'service_code',
  'location.address': 'address_string',
  'location.lat': 'lat',
  'location.lon': 'long',
  'reporter.name': 'first_name',
  'reporter.phone': 'phone',
  'reporter.email': 'email',
  'reporter.personalDetails': 'device_id',
  idempotencyKey: 'Idempotency-Key',
};

/**
 * POST requests: the form read, then held to submitReport's own input rules (the GraphQL input
 * class), the contact fields sealed as the reporter's identity, and the report submitted by the
 * same command as GraphQL's submitReport, as the API key's integrator through channel INTEGRATION.
 */
@Injectable()
export class Open311Submissions {
  constructor(
    private readonly apiKeys: ApiKeyRegistry,
    private readonly catalogue: Open311Catalogue,
    private readonly vault: ReporterVault,
    private readonly commands: CommandBus,
    private readonly engine: ProjectionEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async submit(
    form: FormValues,
    idempotencyHeader: string | undefined,
    correlationId: string,
  ): Promise<Open311Document> {
    const actor = await this.integrator(form.api_key);
    const read = readServiceRequestForm(form, this.config.attachmentUrlSchemes);
    if ('problems' in read) throw Open311Error.badInput(read.problems);
    const service = await this.catalogue.service(read.form.serviceCode);
    const input = plainToInstance(SubmitReportInput, {
      kind: read.form.kind,
      title: titleFrom(read.form.description, service.service_name),
      description: read.form.description,
      category: service.service_code,
      channel: 'INTEGRATION',
      location: read.form.location,
      attachments: [],
      anonymous: read.form.anonymous,
      confidential: read.form.confidential,
      reporter: identityOf(read.form),
      idempotencyKey: idempotencyHeader ?? derivedKey(read.form),
    });
    const problems = (await validate(input, { forbidUnknownValues: VALIDATION.forbidUnknownValues })).flatMap((error) =>
      problemsOf(error, ''),
    );
    if (problems.length > 0) throw Open311Error.badInput(problems);
    const idempotencyKey = input.idempotencyKey ?? null;
    const outcome = await this.commands.execute(
      new SubmitNewReport(
        {
          kind: input.kind,
          title: input.title,
          description: input.description,
          category: service.service_code,
          channel: 'INTEGRATION',
          location: { regionCode: null, ...read.form.location },
          attachments: read.form.mediaUrls.map(attachmentFromUrl),
          anonymous: input.anonymous,
          confidential: input.confidential,
          reporterRef: null,
          identity: await this.seal(read.form, actor, idempotencyKey),
        },
        idempotencyKey,
        { actor, channel: 'INTEGRATION', correlationId },
      ),
    );
    // A client that asks for its request at once finds it: the read models are given the usual time to include it.
    if (outcome.position !== null)
      await this.engine.waitFor(outcome.position, ['report-status', 'report-timeline']).catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === 'READ_MODEL_BEHIND')) throw error;
      });
    return {
      root: 'service_requests',
      body: [
        {
          service_request_id: outcome.state.trackingId,
          service_notice: serviceNotice(outcome.state.status),
          // aduan keeps no accounts of its own, and the client's account_id is sealed, never echoed.
          account_id: null,
        },
      ],
    };
  }

  /** The integrator an api_key proves, limited as for GraphQL: the key must name submitReport. */
  private async integrator(apiKey: string | string[] | undefined): Promise<Actor> {
    if (typeof apiKey !== 'string' || apiKey.trim() === '')
      throw Open311Error.of(403, 'api_key is required: an integrator API key (aduan_<id>_<secret>), given once');
    const actor = await this.apiKeys.authenticate(apiKey);
    const mutations = actor.apiKey?.mutations ?? [];
    if (!mutations.includes('submitReport') || !ruleFor('Mutation.submitReport')?.INTEGRATOR)
      throw Open311Error.of(
        403,
        `api_key may not call submitReport; it may call ${mutations.join(', ') || 'no mutation'}`,
      );
    return actor;
  }

  /** Sealed as submitReport seals its reporter input: under a guest principal, the same one again on a retry. */
  private async seal(
    form: ServiceRequestForm,
    actor: Actor,
    idempotencyKey: string | null,
  ): Promise<SealedIdentity | null> {
    const identity = identityOf(form);
    if (!identity) return null;
    const guest = idempotencyKey ? uuidFromName(`guest:${principalOf(actor)}:${idempotencyKey}`) : randomUUID();
    return this.vault.seal(guestPrincipal(guest), { nik: null, ...identity });
  }
}

/** The person as the reporter identity has them: device_id and account_id travel as details they marked personal. */
function identityOf({ contact }: ServiceRequestForm) {
  const details = [
    contact.deviceId ? `Open311 device_id: ${contact.deviceId}` : null,
    contact.accountId ? `Open311 account_id: ${contact.accountId}` : null,
  ].filter(Boolean);
  const identity = {
    name: contact.name,
    phone: contact.phone,
    email: contact.email,
    personalDetails: details.length > 0 ? details.join('\n') : null,
  };
  return Object.values(identity).some((value) => value !== null) ? identity : null;
}

/**
 * Without an Idempotency-Key header, FixMyStreet's convention: it sends its own id of the report,
 * attribute[fixmystreet_id], with every attempt; with the device_id, it names the submission.
 */
function derivedKey(form: ServiceRequestForm): string | null {
  if (!form.clientToken) return null;
  const digest = createHash('sha256')
    .update(JSON.stringify([form.contact.deviceId, form.clientToken]))
    .digest('hex');
  return `open311:${digest.slice(0, 40)}`;
}

function problemsOf(error: ValidationError, parent: string): FieldProblem[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const field = OPEN311_FIELDS[path] ?? path;
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    field,
    description: message.startsWith(error.property)
      ? `${field}${message.slice(error.property.length)}`
      : `${field}: ${message}`,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => problemsOf(child, path))];
}
