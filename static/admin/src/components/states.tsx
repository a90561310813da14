import { createContext, lazy, Suspense, useContext, type ComponentProps } from 'react';
import { PageHeaderSkeleton } from './page-header';
import { TableSkeleton, TextSkeleton } from './skeleton';

/**
 * True inside a page (list, assessment, settings): a Loading there is part of the page. Outside
 * any page (the app checking access, a page's code arriving) it stands for the whole page.
 */
const InPage = createContext(false);
export const InPageProvider = InPage.Provider;

const feedback = () => import('./feedback');
const LazyErrorState = lazy(() => feedback().then((m) => ({ default: m.ErrorState })));
const LazyEmpty = lazy(() => import('./empty').then((m) => ({ default: m.Empty })));

/**
 * Something is loading: a skeleton in Atlaskit's look (text lines), not a bare spinner. Views
 * with a known shape use the shaped skeletons in ./skeleton instead.
 */
export function Loading({ label, lines }: { label: string; lines?: number }) {
  const inPage = useContext(InPage);
  if (!inPage) {
    return (
      <main className="tr-page" data-testid="page-skeleton">
        <PageHeaderSkeleton />
        <TableSkeleton label={label} />
      </main>
    );
  }
  return <TextSkeleton label={label} {...(lines === undefined ? {} : { lines })} />;
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
