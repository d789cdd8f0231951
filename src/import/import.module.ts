import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ImportResolver } from './import.resolver.js';
import { ImportService } from './import.service.js';

/** A legacy system's history, brought in with its original dates (the mutation and `npx aduan import`). */
@Module({
  imports: [ReportsModule, PrivacyModule],
  providers: [ImportService, ImportResolver],
  exports: [ImportService],
})
export class ImportModule {}
