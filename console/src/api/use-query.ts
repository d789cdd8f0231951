import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, request } from './client';

export interface QueryState<R> {
  data: R | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: R) => void;
}

/** Runs a query whenever its variables change (null variables: not yet); keeps the last answer while the next loads. */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V | null): QueryState<R> {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) return;
    let current = true;
    setLoading(true);
    request(document, variables).then(
      (answer) => current && (setData(answer), setError(null), setLoading(false)),
      (failure: unknown) =>
        current &&
        (setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 'ERROR')), setLoading(false)),
    );
    return () => {
      current = false;
    };
    // The variables are compared by value (key), not by identity.
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
