import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { Empty, ErrorState, Loading } from './components/states';
import { setWindowTitle } from './host';
import { prefetchedViewer, takeViewer } from './lib/boot';
import { useLoad } from './lib/use-load';
import { Link, useRouter } from './router';

/**
 * A view in its own chunk. Once the chunk is in (main.tsx starts loading the first view's chunk
 * at start-up), the view renders straight away; before that it is React.lazy, whose first
 * render always suspends and shows the fallback for a pass, even for a module already loaded.
 */
function chunkedView<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): { load: () => Promise<unknown>; View: ComponentType<P> } {
  let loaded: ComponentType<P> | undefined;
  const start = () =>
    load().then((module) => {
      loaded = module.default;
      return module;
    });
  // Typed as a plain component: React renders a lazy one the same way (JSX cannot spread a
  // generic P into LazyExoticComponent's ref-aware props).
  const Lazy = lazy(start) as unknown as ComponentType<P>;
  function View(props: P) {
    // Chosen once per mount, so a chunk arriving later never swaps the component under it.
    const [Component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Component {...props} />;
  }
  return { load: start, View };
}

// One chunk per surface: the list is what most visits need, an assessment pulls the rest.
const list = chunkedView(() => import('./views/assessments-list'));
const assessment = chunkedView(() => import('./views/assessment-page'));
export const loadList = list.load;
export const loadAssessment = assessment.load;
const AssessmentsList = list.View;
const AssessmentPage = assessment.View;
const SettingsPage = lazy(() => import('./views/settings'));

export function App() {
  const [viewer, retry] = useLoad(takeViewer, [], prefetchedViewer);
  const { route } = useRouter();

  useEffect(() => {
    if (route.name === 'list') setWindowTitle('Trust readiness');
  }, [route.name]);

  if (viewer.status === 'loading') return <Loading label="Checking your access" />;
  if (viewer.status === 'error') {
    if (viewer.error.code === 'FORBIDDEN') return <AdminsOnly />;
    return <ErrorState error={viewer.error} onRetry={retry} />;
  }

  return (
    <Suspense fallback={<Loading label="Loading" />}>
      {route.name === 'list' && <AssessmentsList />}
      {route.name === 'settings' && <SettingsPage />}
      {route.name === 'assessment' && (
        <AssessmentPage
          key={route.id}
          id={route.id}
          view={route.view}
          section={route.section}
          question={route.question}
        />
      )}
      {route.name === 'not-found' && (
        <Empty
          header="This page does not exist"
          description="The link may be out of date."
          action={<Link to="/">Go to all assessments</Link>}
        />
      )}
    </Suspense>
  );
}

function AdminsOnly() {
  return (
    <main className="tr-page" data-testid="admins-only">
      <Empty
        headingLevel={1}
        header="Only Jira administrators can use Trust readiness"
        description="Trust readiness assessments describe how an app handles customer data, so only Jira administrators can read or change them. Ask a Jira administrator to give you access or to share an exported report."
      />
    </main>
  );
}
