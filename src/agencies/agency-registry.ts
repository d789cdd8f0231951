import { Inject, Injectable } from '@nestjs/common';
import { agencyDecider, agencyStream, type Agency, type AgencyEvent } from '../../contexts/agencies/agency.js';
import {
  CATEGORIES_STREAM,
  categoriesDecider,
  type Categories,
  type CategoryEvent,
} from '../../contexts/agencies/categories.js';
import { DomainError } from '../../contexts/domain-error.js';
import type { TargetAgency } from '../../contexts/reports/report.commands.js';
import { foldHistory } from '../commands/run-command.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { isUuid } from '../kernel/uuid.js';

/** Reads the registry: agencies by id and the category taxonomy, folded from their streams. */
@Injectable()
export class AgencyRegistry {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async agency(agencyId: string): Promise<Agency> {
    if (!isUuid(agencyId)) throw new DomainError('NOT_FOUND', `No agency ${agencyId.slice(0, 60)}`);
    const agency = foldHistory<Agency, AgencyEvent>(agencyDecider, await this.store.readStream(agencyStream(agencyId)));
    if (!agency.exists) throw new DomainError('NOT_FOUND', `No agency ${agencyId}`);
    return agency;
  }

  async target(agencyId: string): Promise<TargetAgency> {
    const agency = await this.agency(agencyId);
    return { agencyId, name: agency.name, connected: agency.connected, unitIds: new Set(agency.units.keys()) };
  }

  async categories(): Promise<Categories> {
    return foldHistory<Categories, CategoryEvent>(categoriesDecider, await this.store.readStream(CATEGORIES_STREAM));
  }

  async assertCategory(code: string): Promise<void> {
    if (!(await this.categories()).has(code))
      throw new DomainError('BAD_USER_INPUT', `${code} is not a category of the taxonomy`);
  }
}
