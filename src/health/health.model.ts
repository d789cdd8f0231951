import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum DatabaseKind {
  EMBEDDED = 'embedded',
  EXTERNAL = 'external',
}
registerEnumType(DatabaseKind, {
  name: 'DatabaseKind',
  description: 'EMBEDDED: PGlite in DATA_DIR; EXTERNAL: the server at DATABASE_URL',
});

@ObjectType({ description: 'Whether the service and its database answer' })
export class Health {
  @Field({ description: '"ok" when the database answered, else "degraded"' })
  status!: string;

  @Field()
  version!: string;

  @Field(() => DatabaseKind)
  database!: DatabaseKind;

  @Field(() => Float, {
    nullable: true,
    description:
      'Milliseconds to read the head of the event log (PostgreSQL, or KurrentDB with EVENT_STORE=kurrentdb); null when it did not answer',
  })
  databaseLatencyMs!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Global position of the last committed event in the log's order (a bigint as a string): every write acknowledged before this query comes at or before it, so minPosition set to it reads them all",
  })
  lastGlobalPosition!: string | null;
}
