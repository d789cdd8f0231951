import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * The request's loader named `name`: every key asked for while one level of the query resolves is
 * loaded by one call of `batch`, so a page of 100 reports asking for a nested field costs one query,
 * not 100. Loaders live with the GraphQL context (one per HTTP request, one per subscription
 * connection) and keep no cache, so a long-lived subscription never serves stale rows.
 */
export function batchLoader<V>(
  context: object,
  name: string,
  batch: (keys: readonly string[]) => Promise<Map<string, V>>,
): DataLoader<string, V | null> {
  let named = loaders.get(context);
  if (!named) loaders.set(context, (named = new Map()));
  let loader = named.get(name) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(
      async (keys) => {
        const found = await batch(keys);
        return keys.map((key) => found.get(key) ?? null);
      },
      { cache: false, maxBatchSize: 500 },
    );
    named.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
