import { Args, Context, Field, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Actor } from '../../contexts/principals/actor.js';
import type { ApiKey } from '../../contexts/integrators/api-keys.js';
import { CurrentActor, type RequestContext } from '../auth/current-actor.js';
import { IdempotencyKeyField, PositionField, positionText } from '../graphql/mutation-fields.js';
import { ApiKeyRegistry } from './api-key-registry.js';

@InputType()
export class IssueApiKeyInput {
  @Field({
    description:
      'The integrator the key acts as: events record it as the actor, and it owns what it submits. It is the principal integrator:<integratorId>, so it can never be a reporter or staff member of the same id',
  })
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, {
    message: 'integratorId must be 2 to 63 lower-case letters, digits or dashes',
  })
  integratorId!: string;
  @Field({ description: 'What the key is for, e.g. "Qlue Jakarta production"' })
  @IsString()
  @Length(1, 200)
  name!: string;
  @Field(() => [String], { description: 'The mutations the key may call (a subset of those open to integrators)' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  mutations!: string[];
  @Field(() => [String], {
    nullable: true,
    description:
      "Limit the key's reads and commands on its integrator's reports to those not yet routed or routed to these agencies; omit for all",
  })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  agencies?: string[] | null;
  @IdempotencyKeyField(
    'A retry with the same key issues no second key: it answers CONFLICT naming the key issued (its secret is shown only once)',
  )
  idempotencyKey?: string | null;
}

@ObjectType()
export class ApiKeyView {
  @Field() keyId!: string;
  @Field() integratorId!: string;
  @Field() name!: string;
  @Field(() => [String]) mutations!: string[];
  @Field(() => [String], { nullable: true }) agencies!: string[] | null;
  @Field() issuedAt!: string;
  @Field() issuedBy!: string;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Updated at most once a minute' }) lastUsedAt!: string | null;
  @PositionField() position?: string | null;
}

@ObjectType()
export class IssuedApiKey {
  @Field(() => ApiKeyView) apiKey!: ApiKeyView;
  @Field({ description: 'Send as the X-Api-Key header. Shown this once: only its hash is kept' }) secret!: string;
  @PositionField() position!: string | null;
}

/** Integrator API keys, for admins (the access matrix says so). */
@Resolver()
export class ApiKeysResolver {
  constructor(private readonly registry: ApiKeyRegistry) {}

  @Mutation(() => IssuedApiKey)
  async issueApiKey(
    @Args('input') input: IssueApiKeyInput,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<IssuedApiKey> {
    const { idempotencyKey, ...request } = input;
    const { key, secret, position } = await this.registry.issue(
      { ...request, agencies: request.agencies ?? null },
      { actor, channel: context.channel, correlationId: context.correlationId },
      idempotencyKey ?? null,
    );
    return { apiKey: view(key, null), secret, position: positionText(position) };
  }

  @Mutation(() => ApiKeyView)
  async revokeApiKey(
    @Args('keyId') keyId: string,
    @Args('reason') reason: string,
    @CurrentActor() actor: Actor,
    @Context() context: RequestContext,
  ): Promise<ApiKeyView> {
    const { key, position } = await this.registry.revoke(keyId, reason.slice(0, 500), {
      actor,
      channel: context.channel,
      correlationId: context.correlationId,
    });
    return { ...view(key, null), position: positionText(position) };
  }

  @Query(() => [ApiKeyView])
  async apiKeys(): Promise<ApiKeyView[]> {
    return (await this.registry.list()).map((key) => view(key, key.lastUsedAt));
  }
}

function view({ secretSha256: _, ...key }: ApiKey, lastUsedAt: string | null): ApiKeyView {
  return { ...key, lastUsedAt };
}
