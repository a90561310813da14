import { Component, type ErrorInfo, type ReactNode } from 'react';
import { router } from '../forge-bridge';

/** The bridge's `router.reload()` reloads the page Jira shows; the frame alone if it cannot. */
function reloadPage(): void {
  router.reload().catch(() => location.reload());
}

/**
 * Catches what a render throws, above all a lazy chunk that did not arrive (a dropped
 * connection, a deploy that replaced the files): without a boundary React unmounts the whole
 * page and leaves it blank. Edits typed so far are kept in this browser by the session and
 * restored on reload, so reloading is safe to offer.
 *
 * `fallback` replaces only the part that failed (a date field falls back to the browser's
 * own date input); without one, a plain message with a reload button stands in. It is plain
 * markup on purpose: the Atlaskit pieces of the normal error state are lazy chunks too.
 */
export class LoadBoundary extends Component<
  { children: ReactNode; fallback?: ReactNode; what?: string },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The console keeps the cause for whoever reports it; the page shows words.
    console.warn('Part of the page failed to load', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    if (this.props.fallback !== undefined) return this.props.fallback;
    return (
      <div role="alert" className="tr-load-failed" data-testid="load-failed">
        <p className="tr-load-failed-title">
          {this.props.what ?? 'This page'} could not be loaded.
        </p>
        <p>
          The connection may have dropped, or the app was updated. Your saved work is safe, and
          edits not yet saved are kept in this browser.
        </p>
        <button type="button" className="tr-load-failed-reload" onClick={reloadPage}>
          Reload
        </button>
      </div>
    );
  }
}
