import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { Args } from '@nestjs/graphql';

/** How every argument of a class type is validated (the global pipe, app.module.ts). */
export const VALIDATION: ValidationPipeOptions = { transform: true, forbidUnknownValues: true };

/**
 * An optional `filter` argument, validated as its class says. The parameter's TypeScript type is
 * `Filter | null`, which is emitted as Object, so the global pipe cannot know the class: it is
 * named here (a filter of `regionCode: "6"` was taken as it came).
 */
export function FilterArg(type: new () => object): ParameterDecorator {
  return Args(
    'filter',
    { type: () => type, nullable: true },
    new ValidationPipe({ ...VALIDATION, expectedType: type }),
  );
}
