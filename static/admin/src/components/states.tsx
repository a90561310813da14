import Spinner from '@atlaskit/spinner';
import { lazy, Suspense, type ComponentProps } from 'react';

const feedback = () => import('./feedback');
const LazyErrorState = lazy(() => feedback().then((m) => ({ default: m.ErrorState })));
const LazyEmpty = lazy(() => feedback().then((m) => ({ default: m.Empty })));

export function Loading({ label }: { label: string }) {
  return (
    <div className="tr-loading" role="status" aria-live="polite">
      <Spinner size="medium" label={label} />
      <span className="tr-subtle">{label}</span>
    </div>
  );
}

export function ErrorState(props: ComponentProps<typeof LazyErrorState>) {
  return (
    <Suspense fallback={<Loading label="Loading" />}>
      <LazyErrorState {...props} />
    </Suspense>
  );
}

export function Empty(props: ComponentProps<typeof LazyEmpty>) {
  return (
    <Suspense fallback={<Loading label="Loading" />}>
      <LazyEmpty {...props} />
    </Suspense>
  );
}
