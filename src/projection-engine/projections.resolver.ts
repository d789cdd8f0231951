import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ProjectionStatusView } from './projections.model.js';
import { ProjectionEngine } from './projection-engine.js';

/** Administration of the read models (ADMIN): where each is, and rebuilding them. */
@Resolver()
export class ProjectionsResolver {
  constructor(private readonly engine: ProjectionEngine) {}

  @Mutation(() => Int, {
    description:
      'Rebuilds a read model (every one when name is omitted) from position 0 and swaps it in when done (ADMIN); returns the events replayed',
  })
  async rebuildProjection(@Args('name', { type: () => String, nullable: true }) name?: string | null): Promise<number> {
    return (await this.engine.rebuild(name ?? undefined)).events;
  }

  @Query(() => [ProjectionStatusView], { description: 'Where each read model is (ADMIN)' })
  async projections(): Promise<ProjectionStatusView[]> {
    return this.engine.status();
  }
}
