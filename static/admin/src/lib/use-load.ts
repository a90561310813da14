import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientError, ClientResult } from '../api';

export type LoadState<T> =
  { status: 'loading' } | { status: 'error'; error: ClientError } | { status: 'ready'; data: T };

/**
 * Loads once per change of `deps` and ignores answers that arrive after a newer request, so
 * a slow response can never overwrite what a later one showed.
 */
export function useLoad<T>(
  load: () => Promise<ClientResult<T>>,
  deps: readonly unknown[],
): [LoadState<T>, () => void, (data: T) => void] {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const sequence = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const mine = ++sequence.current;
    setState({ status: 'loading' });
    void loadRef.current().then((result) => {
      if (mine !== sequence.current) return;
      setState(
        result.ok
          ? { status: 'ready', data: result.data }
          : { status: 'error', error: result.error },
      );
    });
  }, []);

  // Callers list what the load depends on, as with useEffect.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as with useEffect
  useEffect(run, deps);
  useEffect(() => () => void (sequence.current += 1), []);

  const set = useCallback((data: T) => {
    sequence.current += 1;
    setState({ status: 'ready', data });
  }, []);
  return [state, run, set];
}
