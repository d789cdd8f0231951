import { Inject, Injectable } from '@nestjs/common';
import { CATEGORIES_STREAM } from '../../contexts/agencies/categories.js';
import { OPEN311_ATTRIBUTES, servicesOf, type Open311Service } from '../../contexts/open311/services.js';
import { w3cWib } from '../../contexts/open311/w3c-datetime.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import type { AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { APP_CONFIG } from '../shared.module.js';
import { Open311Error } from './open311-error.js';
import { CONTENT_TYPES, type Open311Document } from './open311-format.js';

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

/** What the bridge offers: the discovery file, the services (the category taxonomy) and their definitions. */
@Injectable()
export class Open311Catalogue {
  constructor(
    private readonly registry: AgencyRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The changeset is when the taxonomy last changed: clients refresh their cached services after it moves. */
  async discovery(endpointUrl: string): Promise<Open311Document> {
    const last = (await this.store.readStream(CATEGORIES_STREAM)).at(-1);
    const changeset = last ? w3cWib(last.recordedAt) : '';
    return {
      root: 'discovery',
      body: {
        changeset,
        contact: 'Pengelola SP4N-LAPOR! (KemenPANRB) dan admin instansi yang terhubung',
        key_service:
          'An administrator issues an integrator API key (issueApiKey, naming submitReport) and sends it as api_key',
        endpoints: [
          {
            specification: GEOREPORT_V2,
            url: endpointUrl,
            changeset,
            // A service still on the development token secret is no production system.
            type: this.config.auth.development ? 'test' : 'production',
            formats: [CONTENT_TYPES.xml.split(';')[0], CONTENT_TYPES.json.split(';')[0]],
          },
        ],
      },
    };
  }

  async services(): Promise<Open311Document> {
    return { root: 'services', body: servicesOf(await this.registry.categories()) };
  }

  async definition(serviceCode: string): Promise<Open311Document> {
    await this.service(serviceCode);
    return { root: 'service_definition', body: { service_code: serviceCode, attributes: OPEN311_ATTRIBUTES } };
  }

  /** The service of a category code; 404 for a code the taxonomy does not have. */
  async service(serviceCode: string): Promise<Open311Service> {
    const service = servicesOf(await this.registry.categories()).find((s) => s.service_code === serviceCode);
    if (!service) throw Open311Error.of(404, `service_code ${serviceCode.slice(0, 60)} is not a service here`);
    return service;
  }
}
