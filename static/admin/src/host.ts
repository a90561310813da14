import { changeWindowTitle, createHistory, showFlag, theme } from './forge-bridge';

/**
 * Everything the page asks of its host (Jira, or the local shim) apart from resolver calls:
 * theme, navigation history and the window title. Kept apart from api.ts so the data layer
 * stays one small, typed surface.
 */

export interface HostLocation {
  pathname: string;
  search: string;
}

export interface HostHistory {
  location: HostLocation;
  push(path: string): void;
  replace(path: string): void;
  listen(listener: (location: HostLocation) => void): () => void;
}

// The host hands back history v4 (listener gets the location) or v5 (listener gets an
// update object); accept both so a host upgrade does not break navigation.
type Listened = HostLocation | { location: HostLocation };

interface RawHistory {
  location: HostLocation;
  push(path: string): void;
  replace(path: string): void;
  listen(listener: (update: Listened) => void): () => void;
}

export async function createHostHistory(): Promise<HostHistory> {
  const raw = (await createHistory()) as unknown as RawHistory;
  return {
    get location() {
      return raw.location;
    },
    push: (path) => raw.push(path),
    replace: (path) => raw.replace(path),
    listen: (listener) =>
      raw.listen((update) => listener('location' in update ? update.location : update)),
  };
}

export function enableHostTheme(): Promise<void> {
  return theme.enable().catch((error: unknown) => {
    // An unthemed page is still usable; say why in the console rather than failing the app.
    console.warn('Theming is unavailable:', error);
  });
}

export function setWindowTitle(title: string): void {
  changeWindowTitle(title).catch(() => {
    // Not every host lets an app change the title; the in-page heading carries the context.
  });
}

export interface HostFlag {
  close(): void;
}

/**
 * A Jira flag: shown by the host page itself, so it is seen even where the app's iframe is
 * scrolled out of view. Failures are ignored; the page shows the same state inline.
 */
export function showHostFlag(options: {
  id: string;
  title: string;
  description: string;
  type: 'info' | 'success' | 'warning' | 'error';
  /** Confirmations go away by themselves; warnings stay until the page closes them. */
  autoDismiss?: boolean;
}): HostFlag {
  const { autoDismiss = false, ...flagOptions } = options;
  try {
    const flag = showFlag({ ...flagOptions, isAutoDismiss: autoDismiss });
    return { close: () => void flag.close().catch(() => undefined) };
  } catch {
    return { close: () => undefined };
  }
}
