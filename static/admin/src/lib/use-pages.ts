import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientError, ClientResult } from '../api';
import type { Page } from '../../../../src/shared/api';

export interface PagesState<T> {
  items: T[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'loading-more' | 'error';
  error?: ClientError;
}

/** Cursor paging with "load more"; a reload (new deps or `reload()`) starts from page one. */
export function usePages<T>(
  fetchPage: (cursor: string | undefined) => Promise<ClientResult<Page<T>>>,
  deps: readonly unknown[],
): [PagesState<T>, () => void, () => void] {
  const [state, setState] = useState<PagesState<T>>({ items: [], cursor: null, status: 'loading' });
  const sequence = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((cursor: string | null) => {
    const mine = ++sequence.current;
    setState((prev) =>
      cursor === null
        ? { items: [], cursor: null, status: 'loading' }
        : { ...prev, status: 'loading-more' },
    );
    void fetchRef.current(cursor ?? undefined).then((result) => {
      if (mine !== sequence.current) return;
      setState((prev) =>
        result.ok
          ? {
              items: cursor === null ? result.data.items : [...prev.items, ...result.data.items],
              cursor: result.data.cursor,
              status: 'ready',
            }
          : { ...prev, status: 'error', error: result.error },
      );
    });
  }, []);

  // Callers list what the first page depends on, as with useEffect.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as with useEffect
  useEffect(() => load(null), deps);
  const reload = useCallback(() => load(null), [load]);
  const cursorRef = useRef<string | null>(null);
  cursorRef.current = state.cursor;
  const more = useCallback(() => {
    if (cursorRef.current !== null) load(cursorRef.current);
  }, [load]);
  return [state, reload, more];
}
