import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { DEVELOPMENT_RESOLVERS, FEATURE_MODULES } from '../app.module.js';

type Class = abstract new (...args: never[]) => unknown;

/** The resolver classes a module provides: its providers that carry @nestjs/graphql's metadata. */
function resolversOf(module: object): Class[] {
  const providers = (Reflect.getMetadata('providers', module) ?? []) as unknown[];
  return providers.filter(
    (provider): provider is Class =>
      typeof provider === 'function' &&
      Reflect.getMetadataKeys(provider).some((key) => typeof key === 'string' && key.startsWith('graphql:')),
  );
}

/**
 * The GraphQL schema the service serves in development (development sign-in included), as SDL sorted
 * like the service sorts it, built from the feature modules' resolvers without a database: for the
 * console's code generation (`npx aduan schema`). A test keeps it equal to the running service's.
 */
export async function printServiceSchema(): Promise<string> {
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const resolvers: Class[] = [...FEATURE_MODULES.flatMap(resolversOf), ...DEVELOPMENT_RESOLVERS];
    const schema = await context.get(GraphQLSchemaFactory).create(resolvers);
    return printSchema(lexicographicSortSchema(schema));
  } finally {
    await context.close();
  }
}
