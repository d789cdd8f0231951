import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../shared.module.js';
import { ReporterDataResolver } from './reporter-data.resolver.js';
import { ReporterVault } from './reporter-vault.js';

/** Reporters' personal data: sealed identities, the logged reveal, erasure. */
@Global()
@Module({
  providers: [
    {
      provide: ReporterVault,
      useFactory: (dataSource: DataSource, config: AppConfig) => new ReporterVault(dataSource, config.reporterDataKeys),
      inject: [getDataSourceToken(), APP_CONFIG],
    },
    ReporterDataResolver,
  ],
  exports: [ReporterVault],
})
export class PrivacyModule {}
