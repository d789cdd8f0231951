import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

/** What a list without a `first` argument is assumed to hold (a report's deadlines, its history, the categories...). */
const ASSUMED_LIST_SIZE = 10;

/**
 * A validation rule refusing operations that would cost more than `maxCost` before they run. Every
 * field costs 1; a field with a `first` argument multiplies what is selected inside it by that
 * (a literal, a variable's default, else the argument's default), and its connection's `edges` are
 * not counted again; any other list multiplies by 10. Aliases cannot dodge it: each selection is
 * counted. Validation does not see variables' values: a `first` sent in a variable counts as the
 * argument's default, and the resolvers cap `first` at 100. Refused with GRAPHQL_VALIDATION_FAILED.
 */
export function maxCostRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const root =
        operation.operation === 'query'
          ? context.getSchema().getQueryType()
          : operation.operation === 'mutation'
            ? context.getSchema().getMutationType()
            : context.getSchema().getSubscriptionType();
      if (!root) return;
      const variables = collectDefaults(operation.variableDefinitions ?? []);
      const cost = selectionCost(operation.selectionSet, root, context, variables, new Set(), false);
      if (cost > maxCost)
        context.reportError(
          new GraphQLError(
            `The operation would cost ${cost}; at most ${maxCost} is allowed (ask for fewer items with first, or fewer fields)`,
            { nodes: [operation] },
          ),
        );
    },
  });
}

type Fields = { getFields(): Record<string, GraphQLField<unknown, unknown>> };

function selectionCost(
  set: SelectionSetNode,
  parent: Fields,
  context: ValidationContext,
  variables: Map<string, unknown>,
  fragments: Set<string>,
  inPage: boolean,
): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue;
      const inner = getNamedType(field.type);
      const paged = field.args.some((arg) => arg.name === 'first');
      const children =
        selection.selectionSet && (isObjectType(inner) || isInterfaceType(inner))
          ? selectionCost(selection.selectionSet, inner, context, variables, fragments, paged)
          : 0;
      const times =
        inPage && field.name === 'edges'
          ? 1
          : paged
            ? pageSize(field, selection.arguments?.find((a) => a.name.value === 'first')?.value, variables)
            : isListType(getNullableType(field.type))
              ? ASSUMED_LIST_SIZE
              : 1;
      cost += 1 + children * times;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parent;
      if (type && (isObjectType(type) || isInterfaceType(type) || type === parent))
        cost += selectionCost(selection.selectionSet, type as Fields, context, variables, fragments, inPage);
    } else {
      const fragment = context.getFragment(selection.name.value);
      if (!fragment || fragments.has(selection.name.value)) continue;
      const type = context.getSchema().getType(fragment.typeCondition.name.value);
      if (type && (isObjectType(type) || isInterfaceType(type)))
        cost += selectionCost(
          fragment.selectionSet,
          type,
          context,
          variables,
          new Set(fragments).add(selection.name.value),
          inPage,
        );
    }
  }
  return cost;
}

function pageSize(
  field: GraphQLField<unknown, unknown>,
  first: ValueNode | undefined,
  variables: Map<string, unknown>,
): number {
  const requested =
    first?.kind === Kind.INT
      ? Number(first.value)
      : first?.kind === Kind.VARIABLE
        ? variables.get(first.name.value)
        : undefined;
  const size = typeof requested === 'number' ? requested : field.args.find((arg) => arg.name === 'first')?.defaultValue;
  return typeof size === 'number' && Number.isFinite(size) ? Math.max(1, size) : ASSUMED_LIST_SIZE;
}

/** Variables' default values; values sent with the request are not known to validation, so an unknown `first` counts as a list. */
function collectDefaults(
  definitions: readonly { variable: { name: { value: string } }; defaultValue?: ValueNode }[],
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const definition of definitions) {
    if (definition.defaultValue?.kind === Kind.INT)
      values.set(definition.variable.name.value, Number(definition.defaultValue.value));
  }
  return values;
}
