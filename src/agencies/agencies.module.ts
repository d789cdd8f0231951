import { Global, Module } from '@nestjs/common';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { AgencyPerformanceResolver } from './agency-performance.resolver.js';
import { AgencyRankingResolver, RankedAgencyFieldsResolver } from './agency-ranking.resolver.js';
import { ChangeCategoriesHandler, ChangeHolidaysHandler, ExecuteAgencyCommandHandler } from './agency-commands.js';
import { AgencyDirectoryResolver } from './agency-directory.resolver.js';
import { AgencyRegistry } from './agency-registry.js';
import { ConnectivityResolver } from './connectivity.resolver.js';
import { RegistryResolver } from './registry.resolver.js';

/** Agencies, their units, the category taxonomy and the holiday calendar, with their statistics. */
@Global()
@Module({
  providers: [
    AgencyRegistry,
    HolidayCalendarService,
    ExecuteAgencyCommandHandler,
    ChangeCategoriesHandler,
    ChangeHolidaysHandler,
    RegistryResolver,
    AgencyDirectoryResolver,
    ConnectivityResolver,
    AgencyPerformanceResolver,
    AgencyRankingResolver,
    RankedAgencyFieldsResolver,
  ],
  exports: [AgencyRegistry, HolidayCalendarService],
})
export class AgenciesModule {}
