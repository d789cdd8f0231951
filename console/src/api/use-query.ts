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

/**
 * Runs a query whenever its variables change (null variables: nothing to ask, and no answer); keeps
 * the last answer on screen while the next loads, and drops it when the next is refused.
 */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V | null): QueryState<R> {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [generation, setGeneration] = useState(0);
  // The variables are compared by value, not by identity.
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) {
      setData(null);
      setError(null);
      setLoading(false);
      return;
    }
    let current = true;
    setLoading(true);
    request(document, variables).then(
      (answer) => {
        if (!current) return;
        setData(answer);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setData(null);
        setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 'ERROR'));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [document, key, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
