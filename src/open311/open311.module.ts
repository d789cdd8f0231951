import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../shared.module.js';
import { Open311Catalogue } from './open311-catalogue.js';
import { Open311RateLimits } from './open311-rate-limits.js';
import { Open311Requests } from './open311-requests.js';
import { Open311Submissions } from './open311-submissions.js';
import { Open311Controller } from './open311.controller.js';

/** Open311 GeoReport v2: another door to the same commands, read models and rules as GraphQL. */
@Module({
  controllers: [Open311Controller],
  providers: [
    Open311Catalogue,
    Open311Requests,
    Open311Submissions,
    {
      provide: Open311RateLimits,
      useFactory: (config: AppConfig) => new Open311RateLimits(config.rateLimits),
      inject: [APP_CONFIG],
    },
  ],
})
export class Open311Module {}
