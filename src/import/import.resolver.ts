import { Args, Field, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Actor } from '../../contexts/principals/actor.js';
import { principalOf } from '../../contexts/principals/principal.js';
import { CurrentActor } from '../auth/current-actor.js';
import { ImportService } from './import.service.js';

@InputType({
  description: 'Lines of an import file (docs/import.md), in order; a file goes in batches of at most 1,000 lines',
})
export class ImportRecordsInput {
  @Field({
    description: 'The source system: with each record id, what makes importing the same lines again write nothing',
  })
  @Matches(/^[a-z0-9][a-z0-9-]{0,59}$/, {
    message: 'source must be lower-case letters, digits and dashes (at most 60)',
  })
  source!: string;
  @Field(() => [String], { description: 'JSON Lines: one record per string' })
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(200_000, { each: true })
  lines!: string[];
  @Field(() => Int, {
    defaultValue: 1,
    description: "The file's line number of the first line, for the problems' line numbers",
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  firstLine!: number;
  @Field({ defaultValue: false, description: 'Decide every line, write nothing' })
  @IsBoolean()
  dryRun!: boolean;
  @Field({ defaultValue: false, description: 'Stop at the first refused line' })
  @IsBoolean()
  strict!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Names this import in every event it writes (metadata.import.batchId); one is made up when left out',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'batchId is letters, digits and _.:- (at most 100)' })
  batchId?: string | null;
}

@ObjectType()
export class ImportProblem {
  @Field(() => Int) line!: number;
  @Field() reason!: string;
}

@ObjectType({
  description: "What an import did: each line imported, skipped (already there) or refused, with the refusals' reasons",
})
export class ImportSummaryView {
  @Field({ description: 'metadata.import.batchId of every event written' }) batchId!: string;
  @Field(() => Int) lines!: number;
  @Field(() => Int) imported!: number;
  @Field(() => Int, { description: 'Already imported: nothing written' }) skipped!: number;
  @Field(() => Int) refused!: number;
  @Field(() => Int, { description: 'Events written (decided, for a dry run)' }) events!: number;
  @Field(() => [ImportProblem]) problems!: ImportProblem[];
  @Field(() => Int, { nullable: true, description: 'With strict: the line it stopped at' }) stoppedAt!: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A global position (a bigint as a string) at or after every event this import wrote or found already there: pass it as minPosition to read them; null for a dry run (or while the log is empty)',
  })
  position!: string | null;
}

@Resolver()
export class ImportResolver {
  constructor(private readonly imports: ImportService) {}

  @Mutation(() => ImportSummaryView, {
    description:
      "Imports a legacy system's history with its original dates: holidays, categories, agencies, cases (ADMIN); the same as `npx aduan import`",
  })
  importRecords(@Args('input') input: ImportRecordsInput, @CurrentActor() actor: Actor): Promise<ImportSummaryView> {
    return this.imports.run(input.lines, {
      importedBy: principalOf(actor),
      source: input.source,
      dryRun: input.dryRun,
      strict: input.strict,
      firstLine: input.firstLine,
      batchId: input.batchId ?? undefined,
    });
  }
}
