import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../shared.module.js';
import { ANCHOR_INTERVAL, AnchorWriter } from './anchor-writer.js';
import { AuditResolver } from './audit.resolver.js';

/** The Ombudsman's audit queries, answered from the events, and the anchors over every stream. */
@Module({
  providers: [
    AuditResolver,
    AnchorWriter,
    { provide: ANCHOR_INTERVAL, useFactory: (config: AppConfig) => config.anchorIntervalMs, inject: [APP_CONFIG] },
  ],
})
export class AuditModule {}
