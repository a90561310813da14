import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientError, ClientResult } from '../api';
import type { Prefetched } from './boot';

export type LoadState<T> =
  { status: 'loading' } | { status: 'error'; error: ClientError } | { status: 'ready'; data: T };

function toState<T>(result: ClientResult<T>): LoadState<T> {
  return result.ok
    ? { status: 'ready', data: result.data }
    : { status: 'error', error: result.error };
}

/**
 * Loads once per change of `deps` and ignores answers that arrive after a newer request, so
 * a slow response can never overwrite what a later one showed. `initial`, when it holds an
 * answer already in hand (a prefetch that has arrived), is the first state instead of a
 * loading pass, the first load is skipped, and the answer is adopted once the render commits.
 */
export function useLoad<T>(
  load: () => Promise<ClientResult<T>>,
  deps: readonly unknown[],
  initial?: Prefetched<T>,
): [LoadState<T>, () => void, (data: T) => void] {
  const [first] = useState(() => initial?.peek());
  const [state, setState] = useState<LoadState<T>>(() =>
    first ? toState(first) : { status: 'loading' },
  );
  const skipFirst = useRef(first !== undefined);
  const sequence = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const mine = ++sequence.current;
    setState({ status: 'loading' });
    void loadRef.current().then((result) => {
      if (mine !== sequence.current) return;
      setState(toState(result));
    });
  }, []);

  // Callers list what the load depends on, as with useEffect.
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      initial?.adopt();
      return;
    }
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as with useEffect
  }, deps);
  useEffect(() => () => void (sequence.current += 1), []);

  const set = useCallback((data: T) => {
    sequence.current += 1;
    setState({ status: 'ready', data });
  }, []);
  return [state, run, set];
}
