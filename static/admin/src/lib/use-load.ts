import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientError, ClientResult } from '../api';

export type LoadState<T> =
  { status: 'loading' } | { status: 'error'; error: ClientError } | { status: 'ready'; data: T };

function toState<T>(result: ClientResult<T>): LoadState<T> {
  return result.ok
    ? { status: 'ready', data: result.data }
    : { status: 'error', error: result.error };
}

/**
 * Loads once per change of `deps` and ignores answers that arrive after a newer request, so
 * a slow response can never overwrite what a later one showed. `initial`, when it returns an
 * answer already in hand (a prefetch that has arrived), is the first state instead of a
 * loading pass, and the first load is skipped.
 */
export function useLoad<T>(
  load: () => Promise<ClientResult<T>>,
  deps: readonly unknown[],
  initial?: () => ClientResult<T> | undefined,
): [LoadState<T>, () => void, (data: T) => void] {
  const [first] = useState(() => initial?.());
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
