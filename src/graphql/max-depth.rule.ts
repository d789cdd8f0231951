import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * A validation rule refusing operations nested deeper than `maxDepth` fields (fragments followed,
 * introspection's own `__` fields not counted), before anything runs: a deep query costs the
 * server work out of proportion to its size. Refused with GRAPHQL_VALIDATION_FAILED.
 */
export function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const depth = selectionDepth(operation.selectionSet, context, new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`The operation nests ${depth} fields deep; at most ${maxDepth} are allowed`, {
            nodes: [operation],
          }),
        );
      }
    },
  });
}

function selectionDepth(set: SelectionSetNode, context: ValidationContext, fragments: Set<string>): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(
        deepest,
        1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, context, fragments) : 0),
      );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, context, fragments));
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A fragment already on the path is a cycle, which graphql-js's own rules refuse.
      if (!fragment || fragments.has(name)) continue;
      deepest = Math.max(deepest, selectionDepth(fragment.selectionSet, context, new Set(fragments).add(name)));
    }
  }
  return deepest;
}
