// First: zod must be jitless before any module builds a schema (see zod-jitless.ts).
import './zod-jitless';
import '@atlaskit/css-reset';
import './styles.css';
import './print.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, loadAssessment, loadList } from './app';
import { LoadBoundary } from './components/load-boundary';
import { createHostHistory, enableHostTheme } from './host';
import { prefetch, prefetched } from './lib/boot';
import { RouterProvider } from './router';
import { parseRoute } from './routes';

/**
 * How long the first render waits for the first view's data and chunk, both already on their
 * way. When they arrive sooner (the usual case) the page renders once, complete, instead of an
 * access-check spinner, a Suspense fallback and a table skeleton one after the other, each a
 * React pass that delays handling the answer; when they are slower the loading states show.
 */
const FIRST_RENDER_WAIT_MS = 200;

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html lost its #root element');
  // Not awaited: Atlaskit styles carry light fallbacks, and the tokens swap in when the host
  // answers, so the first paint does not wait on a host round trip.
  void enableHostTheme();
  const history = await createHostHistory();
  // Fetch the first view's chunk and its data together instead of one after the other.
  const first = parseRoute(history.location.pathname).name;
  prefetch(first === 'list' ? 'list' : 'other');
  const chunk = first === 'assessment' ? loadAssessment() : loadList();
  // A failed chunk or invoke is shown by the views themselves; here it only ends the wait.
  await Promise.race([
    Promise.all([chunk, prefetched()]).catch(() => undefined),
    new Promise((resolve) => window.setTimeout(resolve, FIRST_RENDER_WAIT_MS)),
  ]);
  createRoot(container).render(
    <StrictMode>
      <LoadBoundary>
        <RouterProvider history={history}>
          <App />
        </RouterProvider>
      </LoadBoundary>
    </StrictMode>,
  );
}

void start();
