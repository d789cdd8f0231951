import { Inject } from '@nestjs/common';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../contexts/principals/actor.js';
import { agenciesById } from '../../projections/agency-directory/agency-directory.queries.js';
import type { AppConfig } from '../config/config.js';
import { ReportAgencyView } from '../reports/report-fields.resolver.js';
import { APP_CONFIG } from '../shared.module.js';
import { CurrentActor } from './current-actor.js';

@ObjectType({ description: 'Who the caller is, as the service sees their credentials' })
export class Viewer {
  @Field({ description: 'The token\'s subject, the API key\'s integrator, or "anonymous" without credentials' })
  id!: string;
  @Field({ description: "PUBLIC without credentials, INTEGRATOR for an API key, else the token's role" })
  role!: string;
  @Field(() => String, { nullable: true }) agencyId!: string | null;
  @Field(() => ReportAgencyView, {
    nullable: true,
    description: 'The agency of agencyId, from the agency directory (null when there is none)',
  })
  agency!: ReportAgencyView | null;
  @Field(() => String, { nullable: true, description: 'The API key the caller sent' }) apiKeyId!: string | null;
  @Field({
    description:
      'True while the service signs with the development secret (no AUTH_JWT_SECRET or AUTH_JWKS_URL): issueDevelopmentToken exists then',
  })
  developmentSignIn!: boolean;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => Viewer, { description: 'Who the caller is: anyone may ask, the public included' })
  async viewer(@CurrentActor() actor: Actor): Promise<Viewer> {
    const agencyId = actor.agencyId ?? null;
    const [agency] = agencyId ? await agenciesById(this.dataSource, [agencyId]) : [];
    return {
      id: actor.id,
      role: actor.role,
      agencyId,
      agency: agency ? { id: agency.id, name: agency.name, type: agency.type, regionCode: agency.regionCode } : null,
      apiKeyId: actor.apiKey?.id ?? null,
      developmentSignIn: this.config.auth.development,
    };
  }
}
