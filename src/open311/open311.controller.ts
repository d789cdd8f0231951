import { randomUUID } from 'node:crypto';
import { All, Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { FormValues } from '../../contexts/open311/service-request-form.js';
import type { AppConfig } from '../config/config.js';
import { correlationScope } from '../observability/log.js';
import { APP_CONFIG } from '../shared.module.js';
import { Open311Catalogue } from './open311-catalogue.js';
import { Open311Error, open311ErrorOf } from './open311-error.js';
import { readForm } from './open311-form-body.js';
import { formatOf, formatOfPath, OPEN311_PATH, sendDocument, type Open311Document } from './open311-format.js';
import { Open311RateLimits } from './open311-rate-limits.js';
import { Open311Requests } from './open311-requests.js';
import { Open311Submissions } from './open311-submissions.js';

/**
 * Open311 GeoReport v2 at /open311/v2/, with FixMyStreet's servicerequestupdates: each route maps
 * its call to the catalogue, the read models or submitReport's command, and every answer, a
 * refusal included, is written in the format the path ends in (.xml or .json).
 */
@Controller(OPEN311_PATH)
export class Open311Controller {
  private readonly logger = new Logger('Open311');

  constructor(
    private readonly catalogue: Open311Catalogue,
    private readonly requests: Open311Requests,
    private readonly submissions: Open311Submissions,
    private readonly limits: Open311RateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('discovery.:format')
  discovery(@Req() request: Request, @Res() response: Response, @Param('format') format: string) {
    return this.answer(request, response, format, () =>
      this.catalogue.discovery(`${request.protocol}://${request.headers.host ?? 'localhost'}/${OPEN311_PATH}`),
    );
  }

  @Get('services.:format')
  services(@Req() request: Request, @Res() response: Response, @Param('format') format: string) {
    return this.answer(request, response, format, () => this.catalogue.services());
  }

  @Get('services/:code.:format')
  definition(
    @Req() request: Request,
    @Res() response: Response,
    @Param('code') code: string,
    @Param('format') format: string,
  ) {
    return this.answer(request, response, format, () => this.catalogue.definition(code));
  }

  @Post('requests.:format')
  submit(@Req() request: Request, @Res() response: Response, @Param('format') format: string) {
    return this.answer(
      request,
      response,
      format,
      (form) =>
        this.submissions.submit(
          form,
          [request.headers['idempotency-key']].flat()[0],
          correlationScope.getStore()?.correlationId ?? randomUUID(),
        ),
      true,
    );
  }

  @Get('requests.:format')
  list(@Req() request: Request, @Res() response: Response, @Param('format') format: string) {
    return this.answer(request, response, format, (query) => this.requests.list(query));
  }

  @Get('requests/:id.:format')
  one(@Req() request: Request, @Res() response: Response, @Param('id') id: string, @Param('format') format: string) {
    return this.answer(request, response, format, () => this.requests.one(id));
  }

  /** Every request is answered with its service_request_id at once (type realtime), so no token is ever issued. */
  @Get('tokens/:token.:format')
  token(@Req() request: Request, @Res() response: Response, @Param('format') format: string) {
    return this.answer(request, response, format, async () => {
      throw Open311Error.of(404, 'No such token: this server answers service_request_id at once and issues no tokens');
    });
  }

  @Get('servicerequestupdates.:format')
  updates(@Req() request: Request, @Res() response: Response, @Param('format') format: string) {
    return this.answer(request, response, format, (query) => this.requests.updates(query));
  }

  /** Anything else under /open311/v2/ is a 404 in GeoReport's shape, in the format its path ends in (XML otherwise). */
  @All('*')
  unknown(@Req() request: Request, @Res() response: Response) {
    return this.answer(request, response, formatOfPath(request.url), async () => {
      throw Open311Error.of(404, `No such resource: ${request.method} ${request.url.split('?', 1)[0]!.slice(0, 100)}`);
    });
  }

  /**
   * Checks the format, reads the form (POST) or the query, takes the call from the rate limits,
   * checks jurisdiction_id, then writes the document or the refusal. A fault of the service's own
   * is logged and answered 500 without its details.
   */
  private async answer(
    request: Request,
    response: Response,
    extension: string,
    work: (input: FormValues) => Promise<Open311Document>,
    write = false,
  ): Promise<void> {
    const format = formatOf(extension);
    try {
      if (!format) throw Open311Error.of(404, `No format .${extension.slice(0, 20)} here: ask for .xml or .json`);
      const input = write ? await readForm(request, this.config.requestBodyLimitBytes) : (request.query as FormValues);
      this.limits.take(
        write,
        request.ip ?? 'unknown',
        write && typeof input.api_key === 'string' ? input.api_key : null,
      );
      this.checkJurisdiction(input.jurisdiction_id);
      sendDocument(response, format, await work(input));
    } catch (error) {
      const refusal = open311ErrorOf(error) ?? this.fault(error);
      if (refusal.retryAfterSeconds !== null) void response.header('Retry-After', String(refusal.retryAfterSeconds));
      sendDocument(response, format ?? 'xml', { root: 'errors', body: refusal.entries }, refusal.status);
    }
  }

  /** One jurisdiction is served: jurisdiction_id may be left out, and naming another is a 404, as GeoReport v2 says. */
  private checkJurisdiction(given: string | string[] | undefined): void {
    const jurisdiction = Array.isArray(given) ? given.join(',') : (given ?? '').trim();
    if (jurisdiction !== '' && jurisdiction !== this.config.open311JurisdictionId)
      throw Open311Error.of(
        404,
        `jurisdiction_id ${jurisdiction.slice(0, 60)} is not served here; this endpoint serves ${this.config.open311JurisdictionId}`,
      );
  }

  private fault(error: unknown): Open311Error {
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return Open311Error.of(500, 'Something went wrong on our side');
  }
}
