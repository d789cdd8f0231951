import { Inject } from '@nestjs/common';
import { Args, Field, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import type { AppConfig } from '../config/config.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { APP_CONFIG } from '../shared.module.js';
import { mintDevelopmentToken } from './development-token.js';

@InputType()
export class DevelopmentTokenInput {
  @Field({
    description: 'A role a token may carry: REPORTER, ADMIN, AGENCY_ADMIN, LIAISON_OFFICER, OMBUDSMAN, INTEGRATOR',
  })
  @IsString()
  @Length(1, 40)
  role!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Required for AGENCY_ADMIN and LIAISON_OFFICER: a registered agency',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  agencyId?: string | null;
  @Field(() => String, { nullable: true, description: 'The subject; <role>-dev by default (ADMIN: admin-dev)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sub?: string | null;
}

@ObjectType({ description: 'A development token and what it carries' })
export class DevelopmentToken {
  @Field({ description: 'Send as "Authorization: Bearer <token>"' }) token!: string;
  @Field(() => DateTimeScalar) expiresAt!: string;
  @Field() role!: string;
  @Field(() => String, { nullable: true }) agencyId!: string | null;
  @Field() sub!: string;
}

/**
 * Development sign-in: mints a token signed with the development secret, for anyone who asks.
 * Registered (app.module.ts) only while that secret is in use, so a service with AUTH_JWT_SECRET or
 * AUTH_JWKS_URL has no such mutation in its schema.
 */
@Resolver(() => DevelopmentToken)
export class DevelopmentTokenResolver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: AgencyRegistry,
  ) {}

  @Mutation(() => DevelopmentToken, {
    description:
      'Development only (absent once AUTH_JWT_SECRET or AUTH_JWKS_URL is set): a token for any role, valid 8 hours, like npm run aduan -- token',
  })
  issueDevelopmentToken(@Args('input') input: DevelopmentTokenInput): Promise<DevelopmentToken> {
    if (!this.config.auth.development) throw new Error('issueDevelopmentToken is registered only in development');
    return mintDevelopmentToken(this.config.auth.jwtSecret!, input, {
      assertAgency: (agencyId) => this.registry.agency(agencyId),
    });
  }
}
