/** @module Loading state for one asynchronous read, reloadable, and safe when the page moves on first. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface AsyncState<T> {
  value: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>({
    value: undefined,
    error: undefined,
    loading: true,
  });
  const generation = useRef(0);
  // The caller lists what the load depends on, as with useEffect.
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const value = await run();
      if (mine === generation.current) setState({ value, error: undefined, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ value: s.value, error, loading: false }));
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}
