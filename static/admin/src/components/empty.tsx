/*
 * The empty state, apart from the error states: SectionMessage brings Atlaskit's icon buttons,
 * tooltips and popper (about 37 KB gzip), and a first visit opens on an empty list, which needs
 * none of them.
 */
import EmptyState from '@atlaskit/empty-state';
import type { ReactNode } from 'react';

export function Empty({
  header,
  description,
  action,
  headingLevel = 2,
}: {
  header: string;
  description: ReactNode;
  action?: ReactNode;
  headingLevel?: 1 | 2;
}) {
  return (
    <EmptyState
      header={header}
      headingLevel={headingLevel}
      description={description}
      primaryAction={action}
      width="wide"
    />
  );
}
