import { lazy, Suspense, useEffect } from 'react';
import { Empty, ErrorState, Loading } from './components/states';
import { setWindowTitle } from './host';
import { takeViewer } from './lib/boot';
import { useLoad } from './lib/use-load';
import { Link, useRouter } from './router';

// One chunk per surface: the list is what most visits need, an assessment pulls the rest.
export const loadList = () => import('./views/assessments-list');
export const loadAssessment = () => import('./views/assessment-page');
const AssessmentsList = lazy(loadList);
const AssessmentPage = lazy(loadAssessment);
const SettingsPage = lazy(() => import('./views/settings'));

export function App() {
  const [viewer, retry] = useLoad(takeViewer, []);
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
