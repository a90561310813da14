// First: zod must be jitless before any module builds a schema (see zod-jitless.ts).
import './zod-jitless';
import '@atlaskit/css-reset';
import './styles.css';
import './print.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, loadAssessment, loadList } from './app';
import { createHostHistory, enableHostTheme } from './host';
import { prefetch } from './lib/boot';
import { RouterProvider } from './router';
import { parseRoute } from './routes';

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
  void (first === 'assessment' ? loadAssessment() : loadList());
  createRoot(container).render(
    <StrictMode>
      <RouterProvider history={history}>
        <App />
      </RouterProvider>
    </StrictMode>,
  );
}

void start();
